package org.bedkd.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bedkd.data.LabelSchema;
import org.bedkd.model.CheckpointException;
import org.bedkd.model.Tensor;
import org.bedkd.model.TextClassifier;
import org.bedkd.model.TextTokenizer;
import org.bedkd.model.onnx.OnnxWeights;

/**
 * Loads a Hugging Face sequence classifier directory, as {@code save_pretrained} writes it: {@code config.json},
 * {@code model.safetensors} (or a sharded {@code model.safetensors.index.json}, or Optimum's ONNX export
 * {@code model.onnx}) and {@code tokenizer.json}, with
 * {@code tokenizer_config.json} and {@code special_tokens_map.json} carried along for the export. Nothing is
 * approximated: a tensor the architecture does not use, a missing one, a wrong shape or a tokenizer that emits ids
 * outside the embedding table fails with the file and the tensor named.
 */
public final class HfImport {

    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.safetensors";
    public static final String SHARD_INDEX = "model.safetensors.index.json";
    /** An ONNX export in the Optimum layout (beside config.json and the tokenizer). */
    public static final String ONNX = "model.onnx";
    public static final String TOKENIZER = "tokenizer.json";
    /** Side files kept verbatim so an export is the same model to transformers. */
    public static final List<String> SIDE_FILES = List.of(CONFIG, "tokenizer_config.json", "special_tokens_map.json");
    /** Tokens per text when the caller does not say (capped by the model's positions and the tokenizer's limit). */
    public static final int DEFAULT_MAX_LENGTH = 128;
    private static final long MAX_SIDE_FILE_BYTES = 1L << 20;
    /** Far above real ones (BERT's is 0.7 MB, XLM-R's 17 MB); the file is parsed in memory. */
    private static final long MAX_TOKENIZER_BYTES = 256L << 20;

    private HfImport() {
    }

    /** Whether {@code dir} looks like a {@code save_pretrained} directory. */
    public static boolean isHfDirectory(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG)) && (Files.isRegularFile(dir.resolve(WEIGHTS))
                || Files.isRegularFile(dir.resolve(SHARD_INDEX)) || Files.isRegularFile(dir.resolve(ONNX))
                || Files.isRegularFile(dir.resolve("pytorch_model.bin")));
    }

    public static TextClassifier load(Path dir, int maxSequenceLength) {
        if (Files.isRegularFile(dir.resolve("pytorch_model.bin")) && !Files.isRegularFile(dir.resolve(WEIGHTS))
                && !Files.isRegularFile(dir.resolve(SHARD_INDEX)) && !Files.isRegularFile(dir.resolve(ONNX))) {
            throw new CheckpointException(dir + " holds pytorch_model.bin only: pickled weights can run code when "
                    + "loaded, so they are refused; re-save with save_pretrained(..., safe_serialization=True)");
        }
        for (String required : List.of(CONFIG, TOKENIZER)) {
            if (!Files.isRegularFile(dir.resolve(required))) {
                throw new CheckpointException(dir + " lacks " + required + " (a Hugging Face classifier directory "
                        + "needs config.json, model.safetensors and tokenizer.json)");
            }
        }
        int length = Math.min(maxSequenceLength, tokenizerLimit(dir));
        HfConfig hf = HfConfig.read(dir.resolve(CONFIG), length);
        Map<String, Tensor> weights = weights(dir);
        byte[] tokenizerJson = read(dir.resolve(TOKENIZER), MAX_TOKENIZER_BYTES);
        checkVocabulary(dir.resolve(TOKENIZER), tokenizerJson, hf.config().encoder().vocabSize());
        TextTokenizer tokenizer = TextTokenizer.fromJson(tokenizerJson, hf.config().maxSequenceLength());
        String name = dir.getFileName() == null ? "model" : dir.getFileName().toString();
        TextClassifier model = TextClassifier.create(name, hf.config(), tokenizer, new LabelSchema(name, hf.labels()));
        try {
            Set<String> unused = new TreeSet<>(weights.keySet());
            unused.removeAll(model.block().stateDict().keySet());
            if (!unused.isEmpty()) {
                throw new CheckpointException(dir.resolve(WEIGHTS) + " holds " + unused.size() + " tensor(s) that "
                        + hf.config().layout().family().transformersClass() + " with " + hf.config().encoder().layers()
                        + " layers does not use, e.g. '" + unused.iterator().next() + "' (a different architecture "
                        + "or layer count than config.json says?)");
            }
            model.loadStateDict(weights, dir.resolve(WEIGHTS).toString());
            Map<String, byte[]> side = new LinkedHashMap<>();
            for (String f : SIDE_FILES) {
                if (Files.isRegularFile(dir.resolve(f))) {
                    side.put(f, read(dir.resolve(f), MAX_SIDE_FILE_BYTES));
                }
            }
            return model.withHfFiles(side);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Float tensors by name, from one file or the shards an index names; integer buffers are skipped. */
    private static Map<String, Tensor> weights(Path dir) {
        if (Files.isRegularFile(dir.resolve(WEIGHTS))) {
            return SafeTensors.read(dir.resolve(WEIGHTS)).tensors();
        }
        Path index = dir.resolve(SHARD_INDEX);
        if (!Files.isRegularFile(index) && Files.isRegularFile(dir.resolve(ONNX))) {
            // Optimum's export: initializers keep their state-dict names, linear weights are renamed and transposed.
            try (var in = new java.io.BufferedInputStream(Files.newInputStream(dir.resolve(ONNX)), 1 << 20)) {
                return OnnxWeights.read(in);
            } catch (IOException | RuntimeException e) {
                throw new CheckpointException(dir.resolve(ONNX) + " is not a readable ONNX model: " + e.getMessage(), e);
            }
        }
        if (!Files.isRegularFile(index)) {
            throw new CheckpointException(dir + " lacks " + WEIGHTS);
        }
        JsonNode map = readJson(index).path("weight_map");
        if (!map.isObject()) {
            throw new CheckpointException(index + " has no weight_map");
        }
        Set<String> shards = new TreeSet<>();
        map.fields().forEachRemaining(e -> shards.add(e.getValue().asText()));
        Map<String, Tensor> all = new LinkedHashMap<>();
        for (String shard : shards) {
            Path file = dir.resolve(shard).normalize();
            if (!file.getParent().equals(dir.normalize()) || !shard.endsWith(".safetensors")) {
                throw new CheckpointException(index + " names a shard outside the directory: " + shard);
            }
            all.putAll(SafeTensors.read(file).tensors());
        }
        return all;
    }

    /**
     * Every id the tokenizer can emit (its vocabulary and added tokens) must index the embedding table: otherwise the
     * first text with such a token would fail deep in the model, or the model is not the one the tokenizer was made for.
     */
    static void checkVocabulary(Path file, byte[] json, int vocabSize) {
        JsonNode root;
        try {
            root = HfConfig.JSON.readTree(json);
        } catch (IOException e) {
            throw new CheckpointException(file + " is not JSON: " + e.getMessage(), e);
        }
        long maxId = -1;
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            for (JsonNode id : (Iterable<JsonNode>) vocab::elements) {
                maxId = Math.max(maxId, id.asLong());
            }
        } else if (vocab.isArray()) { // Unigram: [[piece, score], ...], ids are positions
            maxId = vocab.size() - 1L;
        }
        for (JsonNode added : root.path("added_tokens")) {
            maxId = Math.max(maxId, added.path("id").asLong(-1));
        }
        if (maxId < 0) {
            throw new CheckpointException(file + " has no vocabulary");
        }
        if (maxId >= vocabSize) {
            throw new CheckpointException(file + " can emit token id " + maxId + " but config.json has vocab_size "
                    + vocabSize + " (tokenizer and model do not belong together)");
        }
    }

    /** tokenizer_config.json's model_max_length where it is a real limit (transformers writes 1e30 for "none"). */
    private static int tokenizerLimit(Path dir) {
        Path f = dir.resolve("tokenizer_config.json");
        if (!Files.isRegularFile(f)) {
            return Integer.MAX_VALUE;
        }
        JsonNode v = readJson(f).path("model_max_length");
        return v.isNumber() && v.asDouble() >= 2 && v.asDouble() < 1e6 ? v.asInt() : Integer.MAX_VALUE;
    }

    private static JsonNode readJson(Path f) {
        try {
            return HfConfig.JSON.readTree(read(f, MAX_SIDE_FILE_BYTES * 64));
        } catch (IOException e) {
            throw new CheckpointException(f + " is not JSON: " + e.getMessage(), e);
        }
    }

    static byte[] read(Path f, long limit) {
        try {
            long size = Files.size(f);
            if (size > limit) {
                throw new CheckpointException(f + " is " + size + " bytes, over the limit of " + limit);
            }
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** The files found in {@code dir}, for error messages. */
    public static List<String> listing(Path dir) {
        List<String> names = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.limit(20).forEach(f -> names.add(f.getFileName().toString()));
        } catch (IOException e) {
            names.add("(unreadable: " + e.getMessage() + ")");
        }
        return names;
    }
}
