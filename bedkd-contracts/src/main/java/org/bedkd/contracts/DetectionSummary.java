package org.bedkd.contracts;

import java.util.List;

/**
 * Detection facts carried forward through every later event (model cards and evaluations repeat them).
 *
 * @param scored samples scored
 * @param gamma threshold the samples were cut at (for a calibrated rule: what it read off clean samples)
 * @param gammaRule how {@code gamma} was set, e.g. {@code 0.050} (fixed) or {@code clean q0.05} (the 5 % quantile of
 *     clean validation MEPD); {@code null} from producers that predate it
 * @param belowGamma samples under γ
 * @param flagged samples kept for purification
 * @param far poisoned samples missed, percent ({@code null} without ground truth)
 * @param frr clean samples flagged, percent ({@code null} without ground truth)
 * @param dmmFlippedAccuracy percent
 * @param seconds DMM training + scoring time
 * @param cleanBelowGamma share of the clean calibration samples under γ, percent ({@code null} for a fixed γ, which
 *     scores none, and from producers that predate it)
 * @param estimatedPoisonShare the excess of {@code belowGamma / scored} over {@code cleanBelowGamma}: a lower bound on
 *     the poisoned share of the set, read without poison labels, percent ({@code null} as above), as long as the
 *     suspect model scores its training rows no lower than unseen clean text. Where it does, the excess overstates the
 *     share; with {@code triggerWords} certified, {@code flagged / scored} (their carriers) is then the better estimate
 *     (the report says so)
 * @param weakEvidence whether under twice the clean rate scored under γ, i.e. the flagged set is mostly clean text
 *     (the set is nearly clean or MEPD does not separate its poison); {@code null} as above
 * @param suspectedTriggers the words most over-represented in the flagged samples against the rest of the set, most
 *     telling first: what the trigger probably is (empty when nothing was flagged; {@code null} from producers that
 *     predate it)
 * @param triggerWords the words the detector certified as trigger words (over-represented in the lowest-MEPD samples,
 *     rare in clean text, label-pure), most significant first, at most {@link #MAX_WORDS}: the distiller inserts them
 *     into clean samples so the purified model learns the trigger means nothing ({@code null} from producers that
 *     predate it; empty when none was certified)
 * @param mepdHistogram how the samples' MEPD spread, for the report's charts ({@code null} from producers that predate
 *     it)
 * @param gammaLabel where γ was fitted within one label's rows (its rows against its own clean rows described the
 *     excess better than the whole set did): that label's index, and {@code gamma} cuts its rows only, which is also
 *     how a screener registered from the job applies it; {@code null}: every label
 */
public record DetectionSummary(int scored, float gamma, String gammaRule, int belowGamma, int flagged, Double far,
        Double frr, double dmmFlippedAccuracy, double seconds, Double cleanBelowGamma, Double estimatedPoisonShare,
        Boolean weakEvidence, List<String> suspectedTriggers, List<String> triggerWords, MepdHistogram mepdHistogram,
        Integer gammaLabel) {

    /** At most this many words in each list, each at most {@link #MAX_WORD_CHARS} characters. */
    public static final int MAX_WORDS = 64;
    public static final int MAX_WORD_CHARS = 100;

    public DetectionSummary {
        if (gammaLabel != null && gammaLabel < 0) {
            throw new IllegalArgumentException("gammaLabel must be a label index, was " + gammaLabel);
        }
        suspectedTriggers = bounded(suspectedTriggers, "suspectedTriggers");
        triggerWords = bounded(triggerWords, "triggerWords");
    }

    /** For every label (producers that predate {@code gammaLabel}). */
    public DetectionSummary(int scored, float gamma, String gammaRule, int belowGamma, int flagged, Double far,
            Double frr, double dmmFlippedAccuracy, double seconds, Double cleanBelowGamma, Double estimatedPoisonShare,
            Boolean weakEvidence, List<String> suspectedTriggers, List<String> triggerWords,
            MepdHistogram mepdHistogram) {
        this(scored, gamma, gammaRule, belowGamma, flagged, far, frr, dmmFlippedAccuracy, seconds, cleanBelowGamma,
                estimatedPoisonShare, weakEvidence, suspectedTriggers, triggerWords, mepdHistogram, null);
    }

    /** Without a histogram (producers that predate it). */
    public DetectionSummary(int scored, float gamma, String gammaRule, int belowGamma, int flagged, Double far,
            Double frr, double dmmFlippedAccuracy, double seconds, Double cleanBelowGamma, Double estimatedPoisonShare,
            Boolean weakEvidence, List<String> suspectedTriggers, List<String> triggerWords) {
        this(scored, gamma, gammaRule, belowGamma, flagged, far, frr, dmmFlippedAccuracy, seconds, cleanBelowGamma,
                estimatedPoisonShare, weakEvidence, suspectedTriggers, triggerWords, null, null);
    }

    /** Without certified trigger words (producers that predate them). */
    public DetectionSummary(int scored, float gamma, String gammaRule, int belowGamma, int flagged, Double far,
            Double frr, double dmmFlippedAccuracy, double seconds, Double cleanBelowGamma, Double estimatedPoisonShare,
            Boolean weakEvidence, List<String> suspectedTriggers) {
        this(scored, gamma, gammaRule, belowGamma, flagged, far, frr, dmmFlippedAccuracy, seconds, cleanBelowGamma,
                estimatedPoisonShare, weakEvidence, suspectedTriggers, null, null, null);
    }

    /** Without suspected triggers (producers that predate them). */
    public DetectionSummary(int scored, float gamma, String gammaRule, int belowGamma, int flagged, Double far,
            Double frr, double dmmFlippedAccuracy, double seconds, Double cleanBelowGamma, Double estimatedPoisonShare,
            Boolean weakEvidence) {
        this(scored, gamma, gammaRule, belowGamma, flagged, far, frr, dmmFlippedAccuracy, seconds, cleanBelowGamma,
                estimatedPoisonShare, weakEvidence, null, null, null, null);
    }

    private static List<String> bounded(List<String> words, String field) {
        if (words == null) {
            return null;
        }
        if (words.size() > MAX_WORDS) {
            throw new IllegalArgumentException(field + " holds " + words.size() + " words; at most " + MAX_WORDS);
        }
        for (String w : words) {
            if (w == null || w.isBlank() || w.length() > MAX_WORD_CHARS) {
                throw new IllegalArgumentException(field + " needs non-blank words of at most " + MAX_WORD_CHARS
                        + " characters");
            }
        }
        return List.copyOf(words);
    }
}
