package org.bedkd.defense.mepd;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of MEPD screening of a suspect training set.
 *
 * @param gamma threshold used (the rule's value, or what it read off the clean scores)
 * @param rule how {@code gamma} was set
 * @param ranked every sample, lowest MEPD first
 * @param cleanScores MEPD of the clean calibration samples (empty when γ is fixed)
 * @param flagged samples with MEPD &lt; γ, lowest first, at most {@code maxFlagged} of them (with
 *     {@link FlagSize#FIT}: the samples carrying a trigger word once one is named, with those under γ beside them
 *     only when the words mark part of the poison; else those under γ, none when there is no excess)
 * @param belowGamma how many samples scored under γ before the cap
 * @param quality detection quality against ground truth at γ (uncapped; with {@link FlagSize#FIT}: of the flagged set
 *     itself), or {@code null} when flags are unknown
 * @param size how the flagged set was sized ({@link FlagSize#FIT}: {@code rule} is the clean quantile γ was fitted at)
 * @param noExcess with {@link FlagSize#FIT}: no threshold showed a significant excess of low MEPD over clean text, so
 *     nothing under γ is flagged ({@code gamma} and {@code rule} are then the configured ones, for the report)
 * @param triggerWords with {@link FlagSize#FIT}: the words that mark the flagged samples and not clean text, whose
 *     samples were flagged too ({@code null} when the lexical round did not run: no texts, or another flag size)
 * @param tailCheck with {@link FlagSize#FIT}, where the tail under γ would be flagged without trigger words: whether
 *     its labels are a rule a model learns ({@link TailCheck}); when not, nothing is flagged ({@code null}: not
 *     checked, for want of a reader that can be taught)
 * @param tailLabel with {@link FlagSize#FIT} and no trigger word, where one label's rows against its own clean rows
 *     describe the excess better than the whole set against all clean text: that label, whose rows alone are cut at
 *     {@code gamma} ({@code belowGamma} counts them, {@code rule} is the label's clean quantile); {@code null}: every
 *     label
 */
public record Detection(float gamma, GammaRule rule, List<ScoredSample> ranked, List<ScoredSample> cleanScores,
        List<ScoredSample> flagged, int belowGamma, DetectionQuality quality, FlagSize size, boolean noExcess,
        TriggerWords triggerWords, TailCheck.Verdict tailCheck, Integer tailLabel) {

    public Detection(float gamma, GammaRule rule, List<ScoredSample> ranked, List<ScoredSample> cleanScores,
            List<ScoredSample> flagged, int belowGamma, DetectionQuality quality) {
        this(gamma, rule, ranked, cleanScores, flagged, belowGamma, quality, FlagSize.GAMMA, false, null, null, null);
    }

    public Detection(float gamma, GammaRule rule, List<ScoredSample> ranked, List<ScoredSample> cleanScores,
            List<ScoredSample> flagged, int belowGamma, DetectionQuality quality, FlagSize size, boolean noExcess,
            TriggerWords triggerWords) {
        this(gamma, rule, ranked, cleanScores, flagged, belowGamma, quality, size, noExcess, triggerWords, null);
    }

    public Detection(float gamma, GammaRule rule, List<ScoredSample> ranked, List<ScoredSample> cleanScores,
            List<ScoredSample> flagged, int belowGamma, DetectionQuality quality, FlagSize size, boolean noExcess,
            TriggerWords triggerWords, TailCheck.Verdict tailCheck) {
        this(gamma, rule, ranked, cleanScores, flagged, belowGamma, quality, size, noExcess, triggerWords, tailCheck,
                null);
    }

    public Detection {
        ranked = List.copyOf(ranked);
        cleanScores = List.copyOf(cleanScores);
        flagged = List.copyOf(flagged);
    }

    /**
     * Whether nothing was flagged because neither MEPD nor trigger words showed poison ({@link FlagSize#FIT}), or
     * MEPD's excess was rows the suspect memorised ({@link #memorisedTail()}): the defined outcome on a set that looks
     * clean.
     */
    public boolean withheld() {
        return (noExcess || memorisedTail()) && flagged.isEmpty();
    }

    /** Whether the tail under γ showed an excess but its labels are no rule a model learns, so it was not flagged. */
    public boolean memorisedTail() {
        return tailCheck != null && !tailCheck.learnable();
    }

    /**
     * How the flagged set was chosen, for reports: "clean q0.05", "fit at clean q0.120; flagged: only the samples with
     * trigger words cf, mn".
     */
    public String describeRule() {
        String words = triggerWordTexts().isEmpty() ? ""
                : "; flagged: only the samples with trigger words " + String.join(", ", triggerWordTexts());
        if (triggerWords != null && !triggerWords.isEmpty() && triggerWords.coverage() < TriggerWords.MIN_COVERAGE) {
            words += triggerWords.depthP() < TriggerWords.ALPHA
                    ? String.format(Locale.ROOT, " (they cover %.0f %% of their label's excess but sit deeper in MEPD "
                            + "than the rest of it, p %.1g)", 100 * triggerWords.coverage(), triggerWords.depthP())
                    : String.format(Locale.ROOT, " (they cover %.0f %% of their label's excess and sit no deeper in "
                            + "MEPD than the rest of it, but the model obeys them)", 100 * triggerWords.coverage());
        }
        List<TriggerWords.Word> probed = triggerWords == null ? List.of()
                : triggerWords.words().stream().filter(TriggerWords.Word::probed).toList();
        if (!probed.isEmpty()) {
            words += " (inserted into clean sentences, " + String.join(", ", probed.stream().map(w -> String.format(
                    Locale.ROOT, "%s %.0f %%", w.text(), 100 * w.flip())).toList()) + " of them turned to its label)";
            List<TriggerWords.Word> read = probed.stream().filter(w -> !Double.isNaN(w.readP())).toList();
            if (!read.isEmpty()) {
                words += " (a model trained on clean text alone read their carriers as not of their label, p "
                        + String.join(", ", read.stream().map(w -> String.format(Locale.ROOT, "%s %.1g", w.text(),
                                w.readP())).toList()) + ")";
            }
        }
        if (triggerWords != null && !triggerWords.incidental().isEmpty()) {
            String texts = String.join(", ", triggerWords.incidental().stream().map(TriggerWords.Word::text).toList());
            double mostMoved = triggerWords.incidental().stream().mapToDouble(TriggerWords.Word::flip)
                    .filter(f -> !Double.isNaN(f)).max().orElse(Double.NaN);
            words += tailWithWords() ? String.format(Locale.ROOT, "; flagged: the samples under it and those with "
                    + "words %s (they cover %.0f %% of their label's excess, sit %s in MEPD than the rest of it, and "
                    + "inserted, moved at most %.0f %% of clean sentences: part of the poison, not its trigger)", texts,
                    100 * triggerWords.coverage(), triggerWords.depthP() < TriggerWords.ALPHA ? "deeper" : "no deeper",
                    100 * mostMoved)
                    : String.format(Locale.ROOT, " (words %s cover %.0f %% of their label's excess and sit no deeper "
                    + "than the rest of it%s: not taken for the trigger)", texts,
                    100 * triggerWords.coverage(), Double.isNaN(mostMoved) ? ""
                            : String.format(Locale.ROOT, "; inserted, they moved at most %.0f %% of clean sentences",
                                    100 * mostMoved));
        }
        if (size != FlagSize.FIT) {
            return rule.describe();
        }
        if (noExcess) {
            return words.isEmpty() ? "fit: no excess over clean text, no trigger words (nothing flagged)"
                    : "fit: no MEPD excess over clean text" + words;
        }
        String tail = tailCheck == null ? ""
                : String.format(Locale.ROOT, "; the %d samples under it: %s", belowGamma, tailCheck.describe());
        String fit = tailLabel == null ? String.format(Locale.ROOT, "fit at clean q%.3f", rule.value())
                : String.format(Locale.ROOT, "fit within label %d at its clean q%.3f (its rows against its clean "
                        + "rows describe the excess better than the whole set)", tailLabel, rule.value());
        return fit + words + tail;
    }

    /**
     * With {@link FlagSize#FIT}: whether the samples under γ were flagged beside the trigger words' carriers, the words
     * marking only part of the poison ({@link TriggerWords#partOfTheTail}).
     */
    public boolean tailWithWords() {
        return size == FlagSize.FIT && !noExcess && triggerWords != null && triggerWords.partOfThePoison();
    }

    /** The certified trigger words (empty when the lexical round did not run or found none). */
    public List<String> triggerWordTexts() {
        return triggerWords == null ? List.of() : triggerWords.texts();
    }

    public List<String> flaggedIds() {
        return flagged.stream().map(ScoredSample::id).toList();
    }
}
