package org.bedkd.model;

/**
 * Everything needed to rebuild a classifier's block.
 *
 * @param encoder encoder shape
 * @param numClasses C
 * @param pooling sentence pooling before the head
 * @param maxSequenceLength tokens per text after truncation (special tokens included)
 * @param headDropout dropout before the linear head
 */
public record ClassifierConfig(EncoderConfig encoder, int numClasses, Pooling pooling, int maxSequenceLength,
        float headDropout) {

    public ClassifierConfig {
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2, was " + numClasses);
        }
        if (maxSequenceLength < 2 || maxSequenceLength > encoder.maxPositions()) {
            throw new IllegalArgumentException("maxSequenceLength must be in [2, " + encoder.maxPositions() + "], was "
                    + maxSequenceLength);
        }
    }

    public static ClassifierConfig miniLm(int numClasses, int maxSequenceLength) {
        return new ClassifierConfig(EncoderConfig.miniLmL6(), numClasses, Pooling.MEAN, maxSequenceLength, 0.1f);
    }
}
