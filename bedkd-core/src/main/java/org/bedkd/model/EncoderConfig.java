package org.bedkd.model;

/**
 * Shape of a BERT encoder, named as in HuggingFace's {@code BertConfig}.
 *
 * @param vocabSize word-piece vocabulary size
 * @param hiddenSize hidden width H
 * @param layers number of transformer layers
 * @param heads attention heads (H must be divisible by it)
 * @param intermediateSize feed-forward width
 * @param maxPositions number of position embeddings
 * @param typeVocabSize number of token-type (segment) embeddings
 * @param layerNormEps LayerNorm epsilon
 * @param hiddenDropout dropout after embeddings, attention output and feed-forward output
 * @param attentionDropout dropout on attention probabilities
 */
public record EncoderConfig(int vocabSize, int hiddenSize, int layers, int heads, int intermediateSize,
        int maxPositions, int typeVocabSize, float layerNormEps, float hiddenDropout, float attentionDropout) {

    public EncoderConfig {
        if (vocabSize < 1 || hiddenSize < 1 || layers < 1 || heads < 1 || intermediateSize < 1 || maxPositions < 1
                || typeVocabSize < 1) {
            throw new IllegalArgumentException("encoder sizes must be positive: " + this);
        }
        if (hiddenSize % heads != 0) {
            throw new IllegalArgumentException("hiddenSize " + hiddenSize + " is not divisible by heads " + heads);
        }
    }

    /** sentence-transformers/all-MiniLM-L6-v2: 6 layers, hidden 384, 12 heads, FFN 1536, 22.7 M parameters. */
    public static EncoderConfig miniLmL6() {
        return new EncoderConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12f, 0.1f, 0.1f);
    }

    /** The same encoder with only its first {@code n} layers (for tests and quick runs). */
    public EncoderConfig withLayers(int n) {
        return new EncoderConfig(vocabSize, hiddenSize, n, heads, intermediateSize, maxPositions, typeVocabSize,
                layerNormEps, hiddenDropout, attentionDropout);
    }

    public int headSize() {
        return hiddenSize / heads;
    }
}
