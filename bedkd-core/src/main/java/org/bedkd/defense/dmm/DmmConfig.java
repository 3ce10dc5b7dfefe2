package org.bedkd.defense.dmm;

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
public record DmmConfig(int samplesPerClass, int epochs, float alpha, float temperature, float learningRate,
        int batchSize) {

    public DmmConfig {
        if (samplesPerClass < 1 || epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("DMM needs samplesPerClass, epochs and batchSize >= 1");
        }
        if (alpha < 0 || alpha > 1) {
            throw new IllegalArgumentException("alpha must be in [0, 1], was " + alpha);
        }
    }

    public static DmmConfig paper() {
        return new DmmConfig(80, 20, 0.3f, 1.5f, 3e-5f, 32);
    }
}
