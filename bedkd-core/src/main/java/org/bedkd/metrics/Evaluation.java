package org.bedkd.metrics;

/**
 * A model's scores on a clean and a triggered test set (percentages).
 *
 * @param cacc clean accuracy
 * @param asr attack success rate on triggered non-target samples ({@code NaN} without a triggered set)
 * @param asrFloor clean non-target samples classified as the target
 * @param cleanSamples size of the clean set
 * @param triggeredSamples size of the triggered set
 * @param confusion clean-set confusion matrix
 */
public record Evaluation(double cacc, double asr, double asrFloor, int cleanSamples, int triggeredSamples,
        ConfusionMatrix confusion) {
}
