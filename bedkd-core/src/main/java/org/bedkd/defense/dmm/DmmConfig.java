package org.bedkd.defense.dmm;

import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * DMM hyper-parameters (docs/METHOD.md, step 1).
 *
 * @param samplesPerClass clean samples per class used for the DMM (released code: 80)
 * @param epochs N_m (paper: 20)
 * @param alpha weight of the hard (flipped-label CE) loss (paper: 0.3)
 * @param temperature T of the soft KL term (paper: 1.5)
 * @param learningRate AdamW learning rate
 * @param batchSize samples per step
 */
@RecordBuilder
public record DmmConfig(int samplesPerClass, int epochs, float alpha, float temperature, float learningRate,
        int batchSize) implements DmmConfigBuilder.With {

    public DmmConfig {
        if (samplesPerClass < 1 || epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("DMM needs samplesPerClass, epochs and batchSize >= 1");
        }
        if (alpha < 0 || alpha > 1) {
            throw new IllegalArgumentException("alpha must be in [0, 1], was " + alpha);
        }
    }

    /** The paper's recipe: 80 per class (its released code), 20 epochs, α = 0.3, T = 1.5. */
    public static DmmConfig paper() {
        return builder().samplesPerClass(80).epochs(20).alpha(0.3f).build();
    }

    /**
     * A builder that starts from the paper's temperature, learning rate and batch size, and the quick profile's
     * 40 per class × 10 epochs on the flipped labels alone (α = 1).
     */
    public static DmmConfigBuilder builder() {
        return DmmConfigBuilder.builder().samplesPerClass(40).epochs(10).alpha(1.0f).temperature(1.5f)
                .learningRate(3e-5f).batchSize(32);
    }
}
