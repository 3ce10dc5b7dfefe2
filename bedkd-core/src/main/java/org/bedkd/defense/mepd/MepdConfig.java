package org.bedkd.defense.mepd;

/**
 * Flagging rule (METHOD.md step 2).
 *
 * @param gamma flag a sample when MEPD &lt; γ (paper: 0.1)
 * @param maxFlagged keep at most this many flagged samples, lowest MEPD first (paper's n_p: 32); 0 keeps all
 * @param batchSize inference batch size
 */
public record MepdConfig(float gamma, int maxFlagged, int batchSize) {

    public MepdConfig {
        if (gamma <= 0 || gamma > 1) {
            throw new IllegalArgumentException("gamma must be in (0, 1], was " + gamma);
        }
        if (maxFlagged < 0 || batchSize < 1) {
            throw new IllegalArgumentException("maxFlagged must be >= 0 and batchSize >= 1");
        }
    }

    public static MepdConfig paper() {
        return new MepdConfig(0.1f, 32, 64);
    }
}
