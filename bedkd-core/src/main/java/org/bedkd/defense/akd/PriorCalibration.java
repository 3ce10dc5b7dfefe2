package org.bedkd.defense.akd;

import java.util.Arrays;
import org.bedkd.model.LogitShift;

/**
 * A logit shift that makes a model call one class on a clean split a chosen number of times (on two classes, class 1
 * as often as the labels say). Purification can remove a backdoor by moving the whole boundary away from the target
 * class (issue #18: positive recall 5 points under a clean reference's at 1 % poison, with the test accuracy
 * unchanged); the shift puts the boundary back, without training. On more than two classes one class's logit moves
 * against all others ({@link LogitShift}), a one-dimensional search like the two-class one.
 */
public final class PriorCalibration {

    private PriorCalibration() {
    }

    /**
     * How far the labels the poison moved shifted class 1's log-odds in the set the suspect model learnt from, with the
     * sign that undoes it: log(n1'/n0') − log(n1/n0), where n' counts the labels with every relabelled flagged sample
     * back on its other class. A dirty-label poison adds rate × N labels of the target, and a model trained on them
     * calls clean text the target more often too (victims' non-target recall 4–6 points under a clean reference's on
     * SST-2 SynBkd at 10 %); matching the suspect model's shares alone would keep that. 0 when a class would be empty.
     * On more than two classes, "1" is the class the poison favoured and "0" every other class ({@link PoisonPrior}).
     *
     * @param n0 samples labelled 0 in the scanned set
     * @param n1 samples labelled 1
     * @param moved0 relabelled flagged samples labelled 0 (they move to 1)
     * @param moved1 relabelled flagged samples labelled 1 (they move to 0)
     */
    public static double flaggedPriorShift(long n0, long n1, long moved0, long moved1) {
        long clean0 = n0 - moved0 + moved1;
        long clean1 = n1 - moved1 + moved0;
        if (n0 <= 0 || n1 <= 0 || clean0 <= 0 || clean1 <= 0) {
            return 0;
        }
        return Math.log((double) clean1 / clean0) - Math.log((double) n1 / n0);
    }

    /**
     * The amount to add to class 1's logit: 0 when the model already predicts class 1 as often as the labels have it,
     * else the middle of the interval of shifts that does. Also 0 when the split has only one class.
     *
     * @param probabilities per sample, the two class probabilities
     * @param labels per sample, 0 or 1
     */
    public static float logitShift(float[][] probabilities, int[] labels) {
        if (probabilities.length != labels.length) {
            throw new IllegalArgumentException("probabilities and labels differ in length");
        }
        return logitShift(probabilities, ones(labels));
    }

    /**
     * The amount to add to class 1's logit so that the model predicts class 1 for exactly {@code ones} of the samples:
     * 0 when it already does, or when {@code ones} is 0 or every sample (no finite shift is in the middle of that).
     */
    public static float logitShift(float[][] probabilities, int ones) {
        for (float[] p : probabilities) {
            if (p.length != 2) {
                throw new IllegalArgumentException("the prior calibration is defined for two classes");
            }
        }
        return shiftFor(probabilities, 1, ones).amount();
    }

    /**
     * The shift on {@code shiftedClass}'s logit that makes the model call that class for exactly {@code count} of the
     * samples, against every other class at once (the class is called where its margin over the best other class plus
     * the shift is above 0): no shift when it already does, or when {@code count} is 0 or every sample.
     */
    public static LogitShift shiftFor(float[][] probabilities, int shiftedClass, int count) {
        int n = probabilities.length;
        if (count <= 0 || count >= n) {
            return new LogitShift(shiftedClass, 0f);
        }
        double[] margin = new double[n];
        for (int i = 0; i < n; i++) {
            margin[i] = LogitShift.margin(probabilities[i], shiftedClass);
        }
        Arrays.sort(margin); // ascending: the `count` largest must end up above 0
        double lowest = -margin[n - count]; // shifts above this call the `count` largest the class ...
        double highest = -margin[n - count - 1]; // ... and up to this, the rest something else
        if (lowest < 0 && 0 <= highest) {
            return new LogitShift(shiftedClass, 0f);
        }
        return new LogitShift(shiftedClass, (float) ((lowest + highest) / 2));
    }

    /**
     * How many calls of the shifted class (class 1 on two classes) to aim for once the poison's prior is undone: the
     * suspect model's own count moved toward the corrected one, but not past what the clean validation labels allow,
     * their count give or take two standard errors (a binomial count of {@code n}); and never beyond that band on the
     * side of the class the poison favoured, even where the suspect already was.
     * The correction assumes the suspect learnt the poison's labels as a prior; one that put them on the trigger
     * learnt less of it, and the full shift then overshoots (OLID AddSent 20 %, target 0, seed 42: 615 carriers, a
     * class-1 shift of 1.2 asked for 218 "offensive" calls on 400 validation tweets where the suspect made 118 and the
     * labels have 123; the purified model called 42 % of the test tweets offensive against 28 % labelled, and lost 7.9
     * points of CACC). The allowance keeps a correction the labels cannot rule out: a bound at the bare count dropped
     * SST-2 SynBkd 10 % seed 42's (suspect 201, corrected 197, labels 205) and its ASR rose from 38.4 to 42.1.
     * A suspect that leans toward the poison's class beyond the band learnt more of its prior than the flagged counts
     * say, and read there the trigger needs least to flip (SST-2 BadWords 3 %, target 1, seed 43: 239 positive calls
     * on 400 validation sentences labelled 205, a correction that moved none of them, ASR 39.6 against a floor of
     * 16.5; read at 225, 20.0). A lean the other way cannot come from the poison and is the model's own, as clean
     * references show (they call 18–33 % of OLID's test tweets offensive against 28 % labelled); lifting it to the
     * band reads the model closer to the trigger's class (OLID AddSent 5 %, target 1, seed 43: 90 → 104 "offensive"
     * calls, ASR 8.1 → 13.3), so it is kept.
     *
     * @param own the suspect model's calls of the shifted class on the validation texts
     * @param corrected the same with the poison's prior shift added to that class's logit
     * @param labelled labels of that class among the validation texts
     * @param n validation texts
     * @param priorShift that shift ({@link #flaggedPriorShift}): negative where the poison added labels of the shifted
     *     class, positive where it added others, 0 where no side is known (then only the correction is bounded)
     */
    public static int boundedOnes(int own, int corrected, int labelled, int n, double priorShift) {
        double p = n == 0 ? 0 : (double) labelled / n;
        int allowance = (int) Math.ceil(2 * Math.sqrt(n * p * (1 - p)));
        int lowest = Math.max(0, labelled - allowance);
        int highest = Math.min(n, labelled + allowance);
        int moved = corrected > own
                ? Math.min(corrected, Math.max(own, highest))
                : Math.max(corrected, Math.min(own, lowest));
        if (priorShift < 0) {
            return Math.min(moved, highest);
        }
        if (priorShift > 0) {
            return Math.max(moved, lowest);
        }
        return moved;
    }

    /** How many entries are 1. */
    public static int ones(int[] labels) {
        return count(labels, 1);
    }

    /** How many entries are {@code label}. */
    public static int count(int[] labels, int label) {
        return (int) Arrays.stream(labels).filter(y -> y == label).count();
    }

    /**
     * What a two-class model predicts once {@code shift} is added to class 1's logit: class 1 where its margin plus
     * the shift is above 0 (with no shift, the plain argmax).
     */
    public static int[] predict(float[][] probabilities, float shift) {
        return new LogitShift(1, shift).predict(probabilities);
    }
}
