package org.bedkd.defense.akd;

import org.bedkd.model.LogitShift;

/**
 * How often the purified model was made to call one class on the clean validation texts (class 1 on two classes, the
 * poison's class on more), and why ({@link AkdConfig#matchSuspectShare}, {@link PriorCalibration#boundedOnes}).
 *
 * @param validationTexts the clean validation texts counted on
 * @param suspect the suspect model's calls of the class there
 * @param corrected the same once the poison's prior shift is undone
 * @param labelled labels of the class there
 * @param matched the count every epoch was read at: {@code corrected}, held to what the labels allow
 * @param shiftedClass the class counted, whose logit the shift moves ({@link PoisonPrior#shiftedClass})
 */
public record ClassShares(int validationTexts, int suspect, int corrected, int labelled, int matched,
        int shiftedClass) {

    /**
     * The counts for a suspect model's class probabilities on the validation texts and the poison's prior.
     *
     * @param suspectProbabilities per validation text, the suspect model's class probabilities
     * @param suspectPredictions the suspect model's own calls there (their argmax, which the caller already has)
     * @param prior the class to count and the poison's shift of its prior
     * @param labels the validation labels
     */
    static ClassShares of(float[][] suspectProbabilities, int[] suspectPredictions, PoisonPrior prior, int[] labels) {
        int c = prior.shiftedClass();
        int own = PriorCalibration.count(suspectPredictions, c);
        int corrected = PriorCalibration.count(
                new LogitShift(c, (float) prior.shift()).predict(suspectProbabilities), c);
        int labelled = PriorCalibration.count(labels, c);
        return new ClassShares(labels.length, own, corrected, labelled,
                PriorCalibration.boundedOnes(own, corrected, labelled, labels.length, prior.shift()), c);
    }

    /** Whether the labels' band held the count away from {@code corrected}. */
    public boolean bounded() {
        return matched != corrected;
    }
}
