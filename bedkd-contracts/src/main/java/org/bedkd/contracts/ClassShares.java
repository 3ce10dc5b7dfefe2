package org.bedkd.contracts;

/**
 * How often every purification epoch was made to predict the second class on the clean validation texts (a logit
 * shift, the kept epoch's in the purified model), and where that count came from.
 *
 * @param validationTexts clean validation texts counted on
 * @param suspect the suspect model's second-class predictions there
 * @param corrected the same once the label prior the flagged samples' poison added is undone
 * @param labelled second-class labels there
 * @param matched the count the epochs were read at: {@code corrected}, held to what the labels allow (their count give
 *     or take two standard errors)
 */
public record ClassShares(int validationTexts, int suspect, int corrected, int labelled, int matched) {

    /** Whether the labels' band held the count away from {@code corrected}. */
    public boolean bounded() {
        return matched != corrected;
    }
}
