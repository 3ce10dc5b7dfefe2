package org.bedkd.contracts;

/**
 * How often every purification epoch was made to predict one class on the clean validation texts (a logit shift, the
 * kept epoch's in the purified model), and where that count came from. On two classes the class is the second; on more,
 * the class most flagged samples carry (the backdoor's target as far as detection can tell).
 *
 * @param validationTexts clean validation texts counted on
 * @param suspect the suspect model's predictions of the class there
 * @param corrected the same once the label prior the flagged samples' poison added is undone
 * @param labelled labels of the class there
 * @param matched the count the epochs were read at: {@code corrected}, held to what the labels allow (their count give
 *     or take two standard errors)
 * @param shiftedClass the class's label name ({@code null} from producers that predate it: the second class)
 */
public record ClassShares(int validationTexts, int suspect, int corrected, int labelled, int matched,
        String shiftedClass) {

    public ClassShares(int validationTexts, int suspect, int corrected, int labelled, int matched) {
        this(validationTexts, suspect, corrected, labelled, matched, null);
    }

    /** Whether the labels' band held the count away from {@code corrected}. */
    public boolean bounded() {
        return matched != corrected;
    }
}
