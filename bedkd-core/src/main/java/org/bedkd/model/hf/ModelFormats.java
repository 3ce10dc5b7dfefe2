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
     * One content hash for a model directory, the same the artifact store pins: the manifest's for a checkpoint, the
     * tree hash of every file ({@link Checkpoints#treeHash}) for a Hugging Face directory.
     */
    public static String contentHash(Path dir) {
        return detect(dir) == Format.BEDKD_CHECKPOINT ? Checkpoints.contentHash(dir) : Checkpoints.treeHash(dir);
    }

    public static TextClassifier load(Path dir, int maxSequenceLength) {
        return switch (detect(dir)) {
            case BEDKD_CHECKPOINT -> Checkpoints.load(dir);
            case HUGGING_FACE -> HfImport.load(dir, maxSequenceLength);
        };
    }
}
