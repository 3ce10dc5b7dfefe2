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
        if (encoder == null || pooling == null) {
            throw new IllegalArgumentException("a classifier needs an encoder and a pooling");
        }
        if (numClasses < 2 || numClasses > MAX_CLASSES) {
            throw new IllegalArgumentException("numClasses must be in [2, " + MAX_CLASSES + "], was " + numClasses);
        }
        if (!(headDropout >= 0 && headDropout < 1)) {
            throw new IllegalArgumentException("headDropout must be in [0, 1), was " + headDropout);
        }
        if (maxSequenceLength < 2 || maxSequenceLength > encoder.maxPositions()) {
            throw new IllegalArgumentException("maxSequenceLength must be in [2, " + encoder.maxPositions() + "], was "
                    + maxSequenceLength);
        }
    }

    static final int MAX_CLASSES = 10_000;

    public static ClassifierConfig miniLm(int numClasses, int maxSequenceLength) {
        return new ClassifierConfig(EncoderConfig.miniLmL6(), numClasses, Pooling.MEAN, maxSequenceLength, 0.1f);
    }
}
