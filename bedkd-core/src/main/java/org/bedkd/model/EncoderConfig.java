package org.bedkd.model;

import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * Shape of a BERT encoder, named as in HuggingFace's {@code BertConfig}.
 *
 * @param vocabSize word-piece vocabulary size
 * @param hiddenSize hidden width H
 * @param layers number of transformer layers
 * @param heads attention heads (H must be divisible by it)
 * @param intermediateSize feed-forward width
 * @param maxPositions number of position embeddings
 * @param typeVocabSize number of token-type (segment) embeddings; 0 for an encoder without them (DistilBERT)
 * @param layerNormEps LayerNorm epsilon
 * @param hiddenDropout dropout after embeddings, attention output and feed-forward output
 * @param attentionDropout dropout on attention probabilities
 */
@RecordBuilder
public record EncoderConfig(int vocabSize, int hiddenSize, int layers, int heads, int intermediateSize,
        int maxPositions, int typeVocabSize, float layerNormEps, float hiddenDropout, float attentionDropout)
        implements EncoderConfigBuilder.With {

    public EncoderConfig {
        // Messages name the arguments: `this` would print zeros, as a compact constructor assigns the fields last.
        String shape = "vocab " + vocabSize + ", hidden " + hiddenSize + ", layers " + layers + ", heads " + heads
                + ", intermediate " + intermediateSize + ", positions " + maxPositions + ", token types "
                + typeVocabSize;
        if (vocabSize < 1 || hiddenSize < 1 || layers < 1 || heads < 1 || intermediateSize < 1 || maxPositions < 1
                || typeVocabSize < 0) {
            throw new IllegalArgumentException("encoder sizes must be positive: " + shape);
        }
        // Upper bounds, checked before anything is allocated: a checkpoint header is input like any other. They are
        // far above any encoder this runs (BERT-large: vocab 30,522, hidden 1,024, 24 layers, 340 M parameters).
        if (vocabSize > MAX_VOCAB || hiddenSize > MAX_HIDDEN || layers > MAX_LAYERS || heads > MAX_HEADS
                || intermediateSize > MAX_INTERMEDIATE || maxPositions > MAX_POSITIONS || typeVocabSize > MAX_TYPES) {
            throw new IllegalArgumentException("encoder sizes exceed the limits (vocab " + MAX_VOCAB + ", hidden "
                    + MAX_HIDDEN + ", layers " + MAX_LAYERS + ", heads " + MAX_HEADS + ", intermediate "
                    + MAX_INTERMEDIATE + ", positions " + MAX_POSITIONS + ", token types " + MAX_TYPES + "): " + shape);
        }
        // The components, not parameterCount(): a compact constructor assigns the fields only after its body.
        long parameters = parameterCount(vocabSize, hiddenSize, layers, intermediateSize, maxPositions, typeVocabSize);
        if (parameters > MAX_PARAMETERS) {
            throw new IllegalArgumentException("an encoder of " + parameters + " parameters exceeds the limit of "
                    + MAX_PARAMETERS + ": " + shape);
        }
        if (!(layerNormEps > 0 && layerNormEps < 1) || !(hiddenDropout >= 0 && hiddenDropout < 1)
                || !(attentionDropout >= 0 && attentionDropout < 1)) {
            throw new IllegalArgumentException("layerNormEps must be in (0, 1) and dropouts in [0, 1), were "
                    + layerNormEps + ", " + hiddenDropout + ", " + attentionDropout);
        }
        if (hiddenSize % heads != 0) {
            throw new IllegalArgumentException("hiddenSize " + hiddenSize + " is not divisible by heads " + heads);
        }
    }

    static final int MAX_VOCAB = 1_000_000;
    static final int MAX_HIDDEN = 8192;
    static final int MAX_LAYERS = 96;
    static final int MAX_HEADS = 128;
    static final int MAX_INTERMEDIATE = 32_768;
    static final int MAX_POSITIONS = 32_768;
    static final int MAX_TYPES = 1024;
    static final long MAX_PARAMETERS = 2_000_000_000L;

    /** Weights of embeddings and layers (biases and norms aside: a bound, not an accounting). */
    public long parameterCount() {
        return parameterCount(vocabSize, hiddenSize, layers, intermediateSize, maxPositions, typeVocabSize);
    }

    private static long parameterCount(int vocab, int hidden, int layers, int intermediate, int positions, int types) {
        long h = hidden;
        long embeddings = ((long) vocab + positions + types) * h;
        long perLayer = 4 * h * h + 2 * h * intermediate;
        return embeddings + layers * perLayer;
    }

    /** sentence-transformers/all-MiniLM-L6-v2: 6 layers, hidden 384, 12 heads, FFN 1536, 22.7 M parameters. */
    public static EncoderConfig miniLmL6() {
        return EncoderConfigBuilder.builder().vocabSize(30522).hiddenSize(384).layers(6).heads(12).intermediateSize(1536)
                .maxPositions(512).typeVocabSize(2).layerNormEps(1e-12f).hiddenDropout(0.1f).attentionDropout(0.1f)
                .build();
    }

    public int headSize() {
        return hiddenSize / heads;
    }
}
