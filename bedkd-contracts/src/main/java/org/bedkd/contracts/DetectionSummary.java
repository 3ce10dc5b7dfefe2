package org.bedkd.contracts;

/**
 * Detection facts carried forward through every later event (model cards and evaluations repeat them).
 *
 * @param scored samples scored
 * @param gamma threshold
 * @param belowGamma samples under γ
 * @param flagged samples kept for purification
 * @param far poisoned samples missed, percent ({@code null} without ground truth)
 * @param frr clean samples flagged, percent ({@code null} without ground truth)
 * @param dmmFlippedAccuracy percent
 * @param seconds DMM training + scoring time
 */
public record DetectionSummary(int scored, float gamma, int belowGamma, int flagged, Double far, Double frr,
        double dmmFlippedAccuracy, double seconds) {
}
