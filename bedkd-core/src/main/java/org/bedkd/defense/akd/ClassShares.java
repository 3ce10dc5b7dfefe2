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

    /** Whether the labels stopped the correction short of {@code corrected}. */
    public boolean bounded() {
        return matched != corrected;
    }
}
