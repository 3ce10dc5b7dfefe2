package org.bedkd.metrics;

/**
 * Counts of (true class, predicted class), and of the inputs of each true class that were refused.
 *
 * @param counts counts[true][predicted]
 * @param refused refused[true]: inputs an inference-time filter refused ({@link Predictor#ABSTAIN}); none when
 *     {@code null} (a report written before refusals were counted)
 */
public record ConfusionMatrix(int[][] counts, int[] refused) {

    public ConfusionMatrix {
        refused = refused == null ? new int[counts.length] : refused;
        if (refused.length != counts.length) {
            throw new IllegalArgumentException("refused has " + refused.length + " classes, counts " + counts.length);
        }
    }

    /** A matrix without refusals. */
    public ConfusionMatrix(int[][] counts) {
        this(counts, null);
    }

    public static ConfusionMatrix of(int[] predicted, int[] labels, int classes) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException("predictions and labels differ in length");
        }
        int[][] c = new int[classes][classes];
        int[] refused = new int[classes];
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == Predictor.ABSTAIN) {
                refused[labels[i]]++;
            } else {
                c[labels[i]][predicted[i]]++;
            }
        }
        return new ConfusionMatrix(c, refused);
    }

    /**
     * Recall of each class in percent (NaN for a class without samples). A refused input of the class counts as missed,
     * as it does in CACC: the user got no answer for it.
     */
    public double[] recall() {
        double[] r = new double[counts.length];
        for (int t = 0; t < counts.length; t++) {
            int total = samples(t);
            r[t] = total == 0 ? Double.NaN : 100.0 * counts[t][t] / total;
        }
        return r;
    }

    /** Inputs of true class {@code t}, refused ones included. */
    public int samples(int t) {
        return java.util.Arrays.stream(counts[t]).sum() + refused[t];
    }

    /**
     * Mean recall over the classes that have samples, percent ({@code NaN} with none): accuracy that a model cannot
     * keep by leaning toward the majority class, which plain accuracy rewards on imbalanced data.
     */
    public double balancedAccuracy() {
        return java.util.Arrays.stream(recall()).filter(r -> !Double.isNaN(r)).average().orElse(Double.NaN);
    }
}
