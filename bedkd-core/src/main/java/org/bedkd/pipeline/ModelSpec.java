package org.bedkd.pipeline;

import org.bedkd.model.ClassifierConfig;
import org.bedkd.model.EncoderConfig;
import org.bedkd.model.Pooling;

/**
 * Which pretrained encoder a victim starts from: all-MiniLM-L6-v2 with its first {@code layers} layers.
 *
 * @param layers 1..6 (tests use 2; the real thing is 6)
 * @param maxSequenceLength tokens per text after truncation
 */
public record ModelSpec(int layers, int maxSequenceLength) {

    public ModelSpec {
        if (layers < 1 || layers > 6) {
            throw new IllegalArgumentException("MiniLM has 6 layers; layers must be 1..6, was " + layers);
        }
    }

    public static ModelSpec miniLm() {
        return new ModelSpec(6, 64);
    }

    public ClassifierConfig classifierConfig(int numClasses) {
        return new ClassifierConfig(EncoderConfig.miniLmL6().withLayers(layers), numClasses, Pooling.MEAN,
                maxSequenceLength, 0.1f, org.bedkd.model.ModelLayout.SENTENCE_MINILM);
    }
}
