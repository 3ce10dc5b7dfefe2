package org.bedkd.model;

/**
 * An amount added to one class's logit before a model's calls are read: how AKD holds a purified model's share of that
 * class (its class shares, issue #18). On two classes the shifted class is class 1 and a negative amount favours class
 * 0; on more classes it is the class the poison favoured, and the amount moves that class's boundary against every
 * other class at once.
 *
 * @param shiftedClass the class whose logit moves
 * @param amount added to its logit (0: the plain argmax)
 */
public record LogitShift(int shiftedClass, float amount) {

    /** No shift: the plain argmax. */
    public static final LogitShift NONE = new LogitShift(0, 0f);

    public LogitShift {
        if (shiftedClass < 0 || !Float.isFinite(amount)) {
            throw new IllegalArgumentException("a logit shift needs a class >= 0 and a finite amount");
        }
    }

    /** The calls once the amount is on the shifted class's logit (with none, the plain argmax). */
    public int[] predict(float[][] probabilities) {
        if (amount == 0f) {
            return TextClassifier.argmax(probabilities);
        }
        int[] out = new int[probabilities.length];
        for (int i = 0; i < out.length; i++) {
            float[] p = probabilities[i];
            out[i] = margin(p, shiftedClass) + amount > 0 ? shiftedClass : bestOther(p, shiftedClass);
        }
        return out;
    }

    /** The shift as one amount per class, for {@link TextClassifier#shiftLogits}. */
    public float[] perClass(int classes) {
        if (shiftedClass >= classes) {
            throw new IllegalArgumentException("class " + shiftedClass + " of " + classes);
        }
        float[] out = new float[classes];
        out[shiftedClass] = amount;
        return out;
    }

    /**
     * How far the class's log-probability is above the best other class's: the class is called once a shift above
     * minus this is added. On two classes with class 1, log p1 − log p0.
     */
    public static double margin(float[] probabilities, int shiftedClass) {
        return log(probabilities[shiftedClass]) - log(probabilities[bestOther(probabilities, shiftedClass)]);
    }

    /** The most probable class other than {@code excluded} (the lowest index on ties, like the argmax). */
    private static int bestOther(float[] p, int excluded) {
        int best = -1;
        for (int c = 0; c < p.length; c++) {
            if (c != excluded && (best < 0 || p[c] > p[best])) {
                best = c;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("a logit shift needs at least two classes");
        }
        return best;
    }

    private static double log(float p) {
        return Math.log(Math.max(p, 1e-30));
    }
}
