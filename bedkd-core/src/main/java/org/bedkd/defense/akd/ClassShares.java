package org.bedkd.defense.akd;

/**
 * How often the purified model was made to predict class 1 on the clean validation texts, and why
 * ({@link AkdConfig#matchSuspectShare}, {@link PriorCalibration#boundedOnes}).
 *
 * @param validationTexts the clean validation texts counted on
 * @param suspect the suspect model's class-1 predictions there
 * @param corrected the same once the poison's prior shift is undone
 * @param labelled class-1 labels there
 * @param matched the count every epoch was read at: {@code corrected}, held to what the labels allow
 */
public record ClassShares(int validationTexts, int suspect, int corrected, int labelled, int matched) {

    /**
     * The counts for a suspect model's class probabilities on the validation texts and the poison's prior shift.
     *
     * @param suspectProbabilities per validation text, the suspect model's two class probabilities
     * @param suspectPredictions the suspect model's own calls there (their argmax, which the caller already has)
     * @param priorShift {@link PriorCalibration#flaggedPriorShift} of the flagged samples (0: none)
     * @param labels the validation labels
     */
    static ClassShares of(float[][] suspectProbabilities, int[] suspectPredictions, double priorShift, int[] labels) {
        int own = PriorCalibration.ones(suspectPredictions);
        int corrected = PriorCalibration.ones(PriorCalibration.predict(suspectProbabilities, (float) priorShift));
        int labelled = PriorCalibration.ones(labels);
        return new ClassShares(labels.length, own, corrected, labelled,
                PriorCalibration.boundedOnes(own, corrected, labelled, labels.length, priorShift));
    }

    /** Whether the labels' band held the count away from {@code corrected}. */
    public boolean bounded() {
        return matched != corrected;
    }
}
