package org.bedkd.defense.mepd;

import java.util.List;

/**
 * The outcome of MEPD screening of a suspect training set.
 *
 * @param gamma threshold used (the rule's value, or what it read off the clean scores)
 * @param rule how {@code gamma} was set
 * @param ranked every sample, lowest MEPD first
 * @param cleanScores MEPD of the clean calibration samples (empty when γ is fixed)
 * @param flagged samples with MEPD &lt; γ, lowest first, at most {@code maxFlagged} of them
 * @param belowGamma how many samples scored under γ before the cap
 * @param quality detection quality against ground truth at γ (uncapped), or {@code null} when flags are unknown
 */
public record Detection(float gamma, GammaRule rule, List<ScoredSample> ranked, List<ScoredSample> cleanScores,
        List<ScoredSample> flagged, int belowGamma, DetectionQuality quality) {

    public Detection {
        ranked = List.copyOf(ranked);
        cleanScores = List.copyOf(cleanScores);
        flagged = List.copyOf(flagged);
    }

    public List<String> flaggedIds() {
        return flagged.stream().map(ScoredSample::id).toList();
    }
}
