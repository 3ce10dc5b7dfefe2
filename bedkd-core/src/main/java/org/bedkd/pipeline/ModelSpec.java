package org.bedkd.pipeline;

import org.bedkd.model.ClassifierConfig;
import org.bedkd.model.PretrainedEncoder;

/**
 * Which pretrained encoder a victim starts from, and how much of it.
 *
 * @param layers its first {@code layers} layers (tests use 1 or 2; MiniLM has 6, bge-small 12)
 * @param maxSequenceLength tokens per text after truncation
 * @param encoder {@code minilm-l6} (default) or {@code bge-small}
 */
public record ModelSpec(int layers, int maxSequenceLength, String encoder) {

    public ModelSpec {
        encoder = encoder == null ? PretrainedEncoder.MINILM_L6.id() : encoder;
        PretrainedEncoder e = PretrainedEncoder.parse(encoder);
        if (layers < 1 || layers > e.config().layers()) {
            throw new IllegalArgumentException(e.id() + " has " + e.config().layers() + " layers; layers must be 1.."
                    + e.config().layers() + ", was " + layers);
        }
    }

    /** The first {@code layers} layers of all-MiniLM-L6-v2. */
    public ModelSpec(int layers, int maxSequenceLength) {
        this(layers, maxSequenceLength, null);
    }

    public static ModelSpec miniLm() {
        return new ModelSpec(6, 64);
    }

    public PretrainedEncoder pretrained() {
        return PretrainedEncoder.parse(encoder);
    }

    /** The same encoder, all of its layers. */
    public ModelSpec withEncoder(String id) {
        PretrainedEncoder e = PretrainedEncoder.parse(id);
        return new ModelSpec(e.config().layers(), maxSequenceLength, e.id());
    }

    public ClassifierConfig classifierConfig(int numClasses) {
        PretrainedEncoder e = pretrained();
        return ClassifierConfig.miniLm(numClasses, maxSequenceLength).withEncoder(e.config().withLayers(layers))
                .withPooling(e.pooling());
    }
}
