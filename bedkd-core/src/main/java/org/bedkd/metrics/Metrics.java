package org.bedkd.metrics;

import java.util.function.IntPredicate;

/** Pure metric functions; every rate is in percent. */
public final class Metrics {

    private Metrics() {
    }

    /** Share of predictions equal to the labels (CACC on a clean set). */
    public static double accuracy(int[] predicted, int[] labels) {
        requireSameLength(predicted, labels);
        if (predicted.length == 0) {
            return Double.NaN;
        }
        int hits = 0;
        for (int i = 0; i < predicted.length; i++) {
            hits += predicted[i] == labels[i] ? 1 : 0;
        }
        return 100.0 * hits / predicted.length;
    }

    /**
     * ASR: share of triggered samples whose true label is not the target that are classified as the target.
     *
     * @param predicted predictions on triggered samples
     * @param trueLabels their labels before the attack, or {@code null} when every sample is known to be non-target
     */
    public static double attackSuccessRate(int[] predicted, int[] trueLabels, int target) {
        return targetRate(predicted, trueLabels, target);
    }

    /**
     * The ASR floor: the same kind of samples without trigger (clean samples whose label is not the target) that are
     * classified as the target anyway; an ASR near it means the backdoor is gone.
     */
    public static double asrFloor(int[] predictedClean, int[] cleanLabels, int target) {
        return targetRate(predictedClean, cleanLabels, target);
    }

    private static double targetRate(int[] predicted, int[] labels, int target) {
        if (labels != null) {
            requireSameLength(predicted, labels);
        }
        int n = 0;
        int hits = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (labels != null && labels[i] == target) {
                continue;
            }
            n++;
            hits += predicted[i] == target ? 1 : 0;
        }
        return n == 0 ? Double.NaN : 100.0 * hits / n;
    }

    /** Share of predictions equal to a given class (e.g. how often held-out flagged samples still get their label). */
    public static double rateOf(int[] predicted, int[] classes) {
        return accuracy(predicted, classes);
    }

    private static void requireSameLength(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("predictions and labels differ in length: " + a.length + " vs " + b.length);
        }
    }

    /**
     * Share of the samples whose true class {@code selected} accepts whose prediction differs between
     * {@code before} and {@code after} (the same sentences without and with a trigger), percent; NaN when none is
     * selected.
     */
    public static double flipRate(int[] before, int[] after, int[] labels, IntPredicate selected) {
        int n = 0;
        int flipped = 0;
        for (int i = 0; i < labels.length; i++) {
            if (selected.test(labels[i])) {
                n++;
                if (before[i] != after[i]) {
                    flipped++;
                }
            }
        }
        return n == 0 ? Double.NaN : 100.0 * flipped / n;
    }
}
