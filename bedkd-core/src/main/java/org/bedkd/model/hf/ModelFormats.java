package org.bedkd.model.hf;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bedkd.model.CheckpointException;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.TextClassifier;

/**
 * Loads a model directory in whichever layout it is, told apart by its files: a bedkd checkpoint
 * ({@code manifest.json}), or a Hugging Face directory ({@code config.json} with {@code model.safetensors}, a shard
 * index or an ONNX export). Every place that takes a model (CLI, job API, screener) goes through here.
 */
public final class ModelFormats {

    /** The layouts a model directory can have. */
    public enum Format {
        BEDKD_CHECKPOINT, HUGGING_FACE
    }

    private ModelFormats() {
    }

    /** The layout of {@code dir}; fails listing what was found when it is neither. */
    public static Format detect(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException("no model at " + dir + " (not a directory)");
        }
        if (Files.isRegularFile(dir.resolve(Checkpoints.MANIFEST))) {
            return Format.BEDKD_CHECKPOINT;
        }
        if (HfImport.isHfDirectory(dir)) {
            return Format.HUGGING_FACE;
        }
        throw new CheckpointException(dir + " is neither a bedkd checkpoint (manifest.json) nor a Hugging Face "
                + "classifier (config.json + model.safetensors + tokenizer.json); found " + HfImport.listing(dir));
    }

    /** Loads {@code dir}; a Hugging Face model takes up to {@link HfImport#DEFAULT_MAX_LENGTH} tokens per text. */
    public static TextClassifier load(Path dir) {
        return load(dir, HfImport.DEFAULT_MAX_LENGTH);
    }

    /**
     * One content hash for a model directory: the manifest's for a checkpoint; for a Hugging Face directory, the
     * sha256 of its sorted "name sha256" lines (every top-level file), so any changed file changes it.
     */
    public static String contentHash(Path dir) {
        if (detect(dir) == Format.BEDKD_CHECKPOINT) {
            return Checkpoints.contentHash(dir);
        }
        StringBuilder lines = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                lines.append(f.getFileName()).append(' ').append(Checkpoints.entry(f).sha256()).append('\n');
            }
            var digest = java.security.MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(digest.digest(lines.toString().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            throw new CheckpointException("cannot hash " + dir + ": " + e.getMessage(), e);
        }
    }

    public static TextClassifier load(Path dir, int maxSequenceLength) {
        return switch (detect(dir)) {
            case BEDKD_CHECKPOINT -> Checkpoints.load(dir);
            case HUGGING_FACE -> HfImport.load(dir, maxSequenceLength);
        };
    }
}
