package org.bedkd.metrics;

/**
 * Counts of (true class, predicted class).
 *
 * @param counts counts[true][predicted]
 */
public record ConfusionMatrix(int[][] counts) {

    public static ConfusionMatrix of(int[] predicted, int[] labels, int classes) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException("predictions and labels differ in length");
        }
        int[][] c = new int[classes][classes];
        for (int i = 0; i < predicted.length; i++) {
            // A refused input (Predictor.ABSTAIN) has no predicted class: it is in no cell, so recall counts answers.
            if (predicted[i] >= 0) {
                c[labels[i]][predicted[i]]++;
            }
        }
        return new ConfusionMatrix(c);
    }

    /** Recall of each class in percent (NaN for a class without samples). */
    public double[] recall() {
        double[] r = new double[counts.length];
        for (int t = 0; t < counts.length; t++) {
            int total = java.util.Arrays.stream(counts[t]).sum();
            r[t] = total == 0 ? Double.NaN : 100.0 * counts[t][t] / total;
        }
        return r;
    }
}
