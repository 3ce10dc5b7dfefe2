package org.bedkd.defense.mepd;

import java.util.List;
import java.util.Locale;

/**
 * How much of what scored under γ clean text alone would explain, from the clean calibration scores (no poison label
 * is read).
 *
 * <p>A clean sample scores under γ with probability {@code c} (measured on the calibration split; ≈ q for a q-quantile
 * rule). If a share π of the suspect set is poisoned and every poisoned sample scores under γ, the share under γ
 * is {@code s = c·(1 − π) + π}, so {@code π̂ = (s − c) / (1 − c)}. Poisoned samples that escape γ only lower π̂, so
 * it is a lower bound on the poisoned share, as long as clean training text lands under γ about as often as the
 * calibration split. That can fail: the suspect model was trained on the set, not on the split, and may score its
 * own training rows lower. On OLID (5 %, AddSent, target 0, seed 44) γ was fitted at the 42 % clean quantile, 54 % of
 * the set's clean rows lay under it, and π̂ said 24 % for a true 5.2 % (results/AKD.md). Once trigger words are
 * named, their carriers' share is a second estimate, and where π̂ exceeds it, it is the better one: in the 10 stored
 * robustness runs where that happened (SST-2 and OLID, 1 % to 5 % poison) the carriers' share was within 0.7 points
 * of the true share and π̂ was 1.5 to 10 times it. Where π̂ stayed under it, π̂ was a lower bound or at most 1.1
 * points over the true share, and the carriers may include clean text with an everyday trigger word ("movie": 41.8 %
 * for a true 20.4 %). When {@code s} is under twice {@code c} the flagged set is mostly what clean text gives anyway:
 * either the set is (nearly) clean or MEPD does not separate its poison (OLID BadWords at 1 % poison,
 * results/AKD.md), and purification will mostly punish clean samples.
 *
 * @param suspectBelowGamma share of the suspect set under γ, percent
 * @param cleanBelowGamma share of the clean calibration samples under γ, percent
 * @param estimatedPoisonShare π̂, percent (0 when the suspect set scores no lower than clean text)
 * @param weak whether under twice the clean rate scored under γ: what scored under γ is mostly clean text, so the
 *     flagged set is too. With {@link FlagSize#FIT}: whether no threshold showed an excess beyond sampling noise and
 *     no trigger word was found, or the excess was rows the suspect memorised ({@link Detection#memorisedTail()},
 *     then π̂ is 0), so nothing was flagged
 * @param triggerCarrierShare with {@link FlagSize#FIT} and named trigger words: the share of the set that carries
 *     them (the flagged samples), percent; {@code null} otherwise
 */
public record PoisonEvidence(double suspectBelowGamma, double cleanBelowGamma, double estimatedPoisonShare,
        boolean weak, Double triggerCarrierShare) {

    /** Under this many times the clean rate, what scored under γ is mostly clean text. */
    static final double WEAK_RATIO = 2.0;

    /** The evidence of a detection, or {@code null} when it had no clean calibration scores (a fixed γ). */
    public static PoisonEvidence of(Detection d) {
        if (d.cleanScores().isEmpty() || d.ranked().isEmpty()) {
            return null;
        }
        PoisonEvidence e = of((double) d.belowGamma() / d.ranked().size(), cleanShareUnderTheRule(d));
        if (d.size() == FlagSize.FIT) {
            // The fit tested every threshold for an excess beyond noise, and the lexical round looked for trigger words;
            // weak means both found nothing. With words named, the flagged set is their carriers.
            Double carriers = d.triggerWordTexts().isEmpty() ? null
                    : 100.0 * d.flagged().size() / d.ranked().size();
            // An excess whose labels no reader can be taught is the suspect's memorised rows: no poison shown.
            return new PoisonEvidence(e.suspectBelowGamma(), e.cleanBelowGamma(),
                    d.memorisedTail() ? 0 : e.estimatedPoisonShare(), d.withheld(), carriers);
        }
        return e;
    }

    /**
     * The share of the set clean text would put under the detection's rule: under γ, or, for one label's tail
     * ({@link Detection#tailLabel()}), of that label and under γ (the label's clean rate times its share of the set).
     */
    private static double cleanShareUnderTheRule(Detection d) {
        Integer label = d.tailLabel();
        List<ScoredSample> clean = label == null ? d.cleanScores()
                : d.cleanScores().stream().filter(s -> s.label() == label).toList();
        double rate = (double) clean.stream().filter(s -> s.mepd() < d.gamma()).count() / clean.size();
        return label == null ? rate
                : rate * d.ranked().stream().filter(s -> s.label() == label).count() / d.ranked().size();
    }

    /** From the two shares as fractions in [0, 1]. */
    static PoisonEvidence of(double suspectShare, double cleanShare) {
        double estimate = cleanShare >= 1 ? 0 : Math.max(0, (suspectShare - cleanShare) / (1 - cleanShare));
        return new PoisonEvidence(100 * suspectShare, 100 * cleanShare, 100 * estimate,
                suspectShare < WEAK_RATIO * cleanShare, null);
    }

    /**
     * Whether π̂ exceeds the named trigger words' carriers: the rest of the excess is most likely the suspect model
     * scoring its own training rows lower than unseen clean text.
     */
    public boolean overestimated() {
        return triggerCarrierShare != null && estimatedPoisonShare > triggerCarrierShare;
    }

    /** The best estimate of the poisoned share, percent: the carriers' share where π̂ is {@link #overestimated()}. */
    public double bestEstimate() {
        return overestimated() ? triggerCarrierShare : estimatedPoisonShare;
    }

    /** One line for logs and reports. */
    public String describe() {
        String line = String.format(Locale.ROOT, "%.1f %% of the set under gamma vs %.1f %% of clean text",
                suspectBelowGamma, cleanBelowGamma);
        if (overestimated()) {
            line += String.format(Locale.ROOT, ": about %.1f %% poisoned, the share that carries the trigger words (the"
                    + " excess over clean text, %.1f %%, is larger: the difference is most likely text the suspect model"
                    + " trained on scoring lower than unseen text)", triggerCarrierShare,
                    estimatedPoisonShare);
        } else if (weak && estimatedPoisonShare == 0) {
            return line + ": no poison shown (weak evidence)";
        } else {
            line += String.format(Locale.ROOT, ": at least %.1f %% poisoned", estimatedPoisonShare)
                    + (triggerCarrierShare == null ? ""
                            : String.format(Locale.ROOT, "; %.1f %% carry the trigger words", triggerCarrierShare));
        }
        return weak() ? line + " (weak evidence: the flagged set is mostly what clean text gives anyway; the set is"
                + " nearly clean or MEPD does not separate its poison)" : line;
    }
}
