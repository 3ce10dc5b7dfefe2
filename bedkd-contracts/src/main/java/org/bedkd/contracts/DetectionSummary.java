package org.bedkd.contracts;

import java.util.List;

/**
 * Detection facts carried forward through every later event (model cards and evaluations repeat them).
 *
 * @param scored samples scored
 * @param gamma threshold the samples were cut at (for a calibrated rule: what it read off clean samples)
 * @param gammaRule how {@code gamma} was set, e.g. {@code 0.050} (fixed) or {@code clean q0.05} (the 5 % quantile of
 *     clean validation MEPD); {@code null} from producers that predate it
 * @param belowGamma samples under γ
 * @param flagged samples kept for purification
 * @param far poisoned samples missed, percent ({@code null} without ground truth)
 * @param frr clean samples flagged, percent ({@code null} without ground truth)
 * @param dmmFlippedAccuracy percent
 * @param seconds DMM training + scoring time
 * @param cleanBelowGamma share of the clean calibration samples under γ, percent ({@code null} for a fixed γ, which
 *     scores none, and from producers that predate it)
 * @param estimatedPoisonShare the excess of {@code belowGamma / scored} over {@code cleanBelowGamma}: a lower bound on
 *     the poisoned share of the set, read without poison labels, percent ({@code null} as above)
 * @param weakEvidence whether under twice the clean rate scored under γ, i.e. the flagged set is mostly clean text
 *     (the set is nearly clean or MEPD does not separate its poison); {@code null} as above
 * @param suspectedTriggers the words most over-represented in the flagged samples against the rest of the set, most
 *     telling first: what the trigger probably is (empty when nothing was flagged; {@code null} from producers that
 *     predate it)
 */
public record DetectionSummary(int scored, float gamma, String gammaRule, int belowGamma, int flagged, Double far,
        Double frr, double dmmFlippedAccuracy, double seconds, Double cleanBelowGamma, Double estimatedPoisonShare,
        Boolean weakEvidence, List<String> suspectedTriggers) {

    public DetectionSummary {
        suspectedTriggers = suspectedTriggers == null ? null : List.copyOf(suspectedTriggers);
    }

    /** Without suspected triggers (producers that predate them). */
    public DetectionSummary(int scored, float gamma, String gammaRule, int belowGamma, int flagged, Double far,
            Double frr, double dmmFlippedAccuracy, double seconds, Double cleanBelowGamma, Double estimatedPoisonShare,
            Boolean weakEvidence) {
        this(scored, gamma, gammaRule, belowGamma, flagged, far, frr, dmmFlippedAccuracy, seconds, cleanBelowGamma,
                estimatedPoisonShare, weakEvidence, null);
    }
}
