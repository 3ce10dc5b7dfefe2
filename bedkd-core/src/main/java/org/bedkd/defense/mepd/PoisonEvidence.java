package org.bedkd.defense.mepd;

import java.util.Locale;

/**
 * How much of what scored under γ clean text alone would explain, from the clean calibration scores (no poison label
 * is read).
 *
 * <p>A clean sample scores under γ with probability {@code c} (measured on the calibration split; ≈ q for a q-quantile
 * rule). If a share π of the suspect set is poisoned and every poisoned sample scores under γ, the share under γ
 * is {@code s = c·(1 − π) + π}, so {@code π̂ = (s − c) / (1 − c)}. Poisoned samples that escape γ only lower π̂, so
 * it is a lower bound on the poisoned share (up to the sampling noise of {@code c}: clean training text may land
 * under γ a little more or less often than the calibration split). When {@code s} is under twice {@code c} the
 * flagged set is mostly what clean text gives anyway: either the set is (nearly) clean or MEPD does not separate its
 * poison (OLID BadWords at 1 % poison, results/AKD.md), and purification will mostly punish clean samples.
 *
 * @param suspectBelowGamma share of the suspect set under γ, percent
 * @param cleanBelowGamma share of the clean calibration samples under γ, percent
 * @param estimatedPoisonShare π̂, percent (0 when the suspect set scores no lower than clean text)
 * @param weak whether under twice the clean rate scored under γ: what scored under γ is mostly clean text, so the
 *     flagged set is too. With {@link FlagSize#FIT}: whether no threshold showed an excess beyond sampling noise and
 *     no trigger word was found, so nothing was flagged
 */
public record PoisonEvidence(double suspectBelowGamma, double cleanBelowGamma, double estimatedPoisonShare,
        boolean weak) {

    /** Under this many times the clean rate, what scored under γ is mostly clean text. */
    static final double WEAK_RATIO = 2.0;

    /** The evidence of a detection, or {@code null} when it had no clean calibration scores (a fixed γ). */
    public static PoisonEvidence of(Detection d) {
        if (d.cleanScores().isEmpty() || d.ranked().isEmpty()) {
            return null;
        }
        long cleanBelow = d.cleanScores().stream().filter(s -> s.mepd() < d.gamma()).count();
        PoisonEvidence e = of((double) d.belowGamma() / d.ranked().size(), (double) cleanBelow / d.cleanScores().size());
        if (d.size() == FlagSize.FIT) {
            // The fit tested every threshold for an excess beyond noise, and the lexical round looked for trigger words;
            // weak means both found nothing.
            return new PoisonEvidence(e.suspectBelowGamma(), e.cleanBelowGamma(), e.estimatedPoisonShare(),
                    d.withheld());
        }
        return e;
    }

    /** From the two shares as fractions in [0, 1]. */
    static PoisonEvidence of(double suspectShare, double cleanShare) {
        double estimate = cleanShare >= 1 ? 0 : Math.max(0, (suspectShare - cleanShare) / (1 - cleanShare));
        return new PoisonEvidence(100 * suspectShare, 100 * cleanShare, 100 * estimate,
                suspectShare < WEAK_RATIO * cleanShare);
    }

    /** One line for logs and reports. */
    public String describe() {
        String line = String.format(Locale.ROOT, "%.1f %% of the set under gamma vs %.1f %% of clean text: at least"
                + " %.1f %% poisoned", suspectBelowGamma, cleanBelowGamma, estimatedPoisonShare);
        return weak() ? line + " (weak evidence: the flagged set is mostly what clean text gives anyway; the set is"
                + " nearly clean or MEPD does not separate its poison)" : line;
    }
}
