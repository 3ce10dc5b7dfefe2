package org.bedkd.defense.mepd;

import java.util.List;

/**
 * The outcome of MEPD screening of a suspect training set.
 *
 * @param gamma threshold used
 * @param ranked every sample, lowest MEPD first
 * @param flagged samples with MEPD &lt; γ, lowest first, at most {@code maxFlagged} of them
 * @param belowGamma how many samples scored under γ before the cap
 * @param quality detection quality against ground truth at γ (uncapped), or {@code null} when flags are unknown
 */
public record Detection(float gamma, List<ScoredSample> ranked, List<ScoredSample> flagged, int belowGamma,
        DetectionQuality quality) {

    public Detection {
        ranked = List.copyOf(ranked);
        flagged = List.copyOf(flagged);
    }

    public List<String> flaggedIds() {
        return flagged.stream().map(ScoredSample::id).toList();
    }
}
