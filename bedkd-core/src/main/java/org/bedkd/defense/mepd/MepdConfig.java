package org.bedkd.defense.mepd;

import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * Flagging rule (docs/METHOD.md, step 2).
 *
 * @param gamma how γ is set: fixed (paper: 0.1) or a quantile of clean MEPD; a sample is flagged when MEPD &lt; γ
 * @param maxFlagged keep at most this many flagged samples, lowest MEPD first (paper's n_p: 32); 0 keeps all
 * @param batchSize inference batch size
 */
@RecordBuilder
public record MepdConfig(GammaRule gamma, int maxFlagged, int batchSize) implements MepdConfigBuilder.With {

    public MepdConfig {
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
