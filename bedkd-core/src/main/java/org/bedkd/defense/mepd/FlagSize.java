package org.bedkd.defense.mepd;

import java.util.Locale;

/** How many of the samples under γ are flagged. */
public enum FlagSize {
    /** Every sample under γ (the paper; with a clean-quantile γ that includes about q of the clean samples). */
    GAMMA,
    /**
     * Only as many as the excess over clean text says are poisoned ({@link PoisonEvidence#estimatedPoisonShare()} of the
     * set, lowest MEPD first), and none when that evidence is weak: at a low poison rate, what scores under γ is mostly
     * the clean tail, and punishing it teaches the model noise. Needs a clean-quantile γ; with a fixed γ it flags as
     * {@link #GAMMA} does.
     */
    ESTIMATE,
    /**
     * γ moves to where the flagged set best fits the excess of low MEPD over clean text ({@link ExcessFit}): deeper
     * into the clean tail when the poison sits there, shallower when it scores lowest; nothing is flagged when no
     * threshold shows an excess that sampling noise cannot explain. Once a trigger word is certified
     * ({@link TriggerWords}), exactly the samples carrying one are flagged instead. Needs a clean-quantile γ (its
     * quantile is then only where the report's evidence line is read); with a fixed γ it flags as {@link #GAMMA} does.
     */
    FIT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FlagSize parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown flag size '" + s + "'; one of gamma, estimate, fit");
        }
    }
}
