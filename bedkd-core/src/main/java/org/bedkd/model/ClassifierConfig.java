package org.bedkd.model;

import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * Everything needed to rebuild a classifier's block.
 *
 * @param encoder encoder shape
 * @param numClasses C
 * @param pooling sentence pooling before the head
 * @param maxSequenceLength tokens per text after truncation (special tokens included)
 * @param headDropout dropout before the linear head
 * @param layout the architecture reproduced (absent in checkpoints older than it: the sentence-transformers layout)
 */
@RecordBuilder
public record ClassifierConfig(EncoderConfig encoder, int numClasses, Pooling pooling, int maxSequenceLength,
        float headDropout, ModelLayout layout) implements ClassifierConfigBuilder.With {

    public ClassifierConfig {
        layout = layout == null ? ModelLayout.SENTENCE_MINILM : layout;
        if (encoder == null || pooling == null) {
            throw new IllegalArgumentException("a classifier needs an encoder and a pooling");
        }
        if (numClasses < 2 || numClasses > MAX_CLASSES) {
            throw new IllegalArgumentException("numClasses must be in [2, " + MAX_CLASSES + "], was " + numClasses);
        }
        if (!(headDropout >= 0 && headDropout < 1)) {
            throw new IllegalArgumentException("headDropout must be in [0, 1), was " + headDropout);
        }
        int positions = encoder.maxPositions() - layout.positionOffset();
        if (maxSequenceLength < 2 || maxSequenceLength > positions) {
            throw new IllegalArgumentException("maxSequenceLength must be in [2, " + positions + "], was "
                    + maxSequenceLength);
        }
        if (layout.family() == ModelLayout.Family.DISTILBERT ? encoder.typeVocabSize() != 0
                : encoder.typeVocabSize() < 1) {
            throw new IllegalArgumentException(layout.family() + " takes " + (layout.family()
                    == ModelLayout.Family.DISTILBERT ? "no" : "at least one") + " token type, the encoder has "
                    + encoder.typeVocabSize());
        }
    }

    static final int MAX_CLASSES = 10_000;

    public static ClassifierConfig miniLm(int numClasses, int maxSequenceLength) {
        return ClassifierConfigBuilder.builder().encoder(EncoderConfig.miniLmL6()).numClasses(numClasses)
                .pooling(Pooling.MEAN).maxSequenceLength(maxSequenceLength).headDropout(0.1f)
                .layout(ModelLayout.SENTENCE_MINILM).build();
    }
}
