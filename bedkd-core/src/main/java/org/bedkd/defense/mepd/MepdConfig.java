package org.bedkd.defense.mepd;

import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * Flagging rule (docs/METHOD.md, step 2).
 *
 * @param gamma how γ is set: fixed (paper: 0.1) or a quantile of clean MEPD; a sample is flagged when MEPD &lt; γ
 * @param maxFlagged keep at most this many flagged samples, lowest MEPD first (paper's n_p: 32); 0 keeps all
 * @param batchSize inference batch size
 * @param size how many of the samples under γ are flagged ({@code null}: all of them, as before the setting existed)
 */
@RecordBuilder
public record MepdConfig(GammaRule gamma, int maxFlagged, int batchSize, FlagSize size)
        implements MepdConfigBuilder.With {

    /** Every sample under γ is flagged (up to {@code maxFlagged}). */
    public MepdConfig(GammaRule gamma, int maxFlagged, int batchSize) {
        this(gamma, maxFlagged, batchSize, FlagSize.GAMMA);
    }

    public MepdConfig {
        size = size == null ? FlagSize.GAMMA : size;
        if (gamma == null) {
            throw new IllegalArgumentException("gamma rule is required");
        }
        if (maxFlagged < 0 || batchSize < 1) {
            throw new IllegalArgumentException("maxFlagged must be >= 0 and batchSize >= 1");
        }
    }

    public static MepdConfig paper() {
        return new MepdConfig(GammaRule.fixed(0.1f), 32, 64);
    }
}
