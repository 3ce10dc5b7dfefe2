package org.bedkd.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.TextClassifier;
import org.bedkd.model.hf.ModelFormats;
import org.bedkd.store.ArtifactStore;
import org.bedkd.store.ArtifactFiles;

/**
 * What {@code --model} may name: a bedkd checkpoint or a Hugging Face classifier directory, or either one zipped
 * (extracted to a temporary directory within the job API's limits, then removed).
 */
final class ModelOption {

    /** The job API's limits for zipped models: 64 files, 4 GiB, 50 times the zip's size. */
    static final ArtifactStore.UnzipLimits LIMITS = new ArtifactStore.UnzipLimits(64, 4L << 30, 50);

    private ModelOption() {
    }

    static TextClassifier load(Path model) {
        if (!isZip(model)) {
            return ModelFormats.load(model);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("bedkd-model-");
            ArtifactFiles.extract(model, dir.resolve("model"), LIMITS);
            return ModelFormats.load(dir.resolve("model"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                ArtifactFiles.deleteQuietly(dir);
            }
        }
    }

    /** The model's content hash: as the store pins it for a directory, the zip's sha256 for a zip. */
    static String contentHash(Path model) {
        if (!isZip(model)) {
            return ModelFormats.contentHash(model);
        }
        try {
            return Checkpoints.entry(model).sha256();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isZip(Path model) {
        return Files.isRegularFile(model) && model.getFileName().toString().toLowerCase(java.util.Locale.ROOT)
                .endsWith(".zip");
    }
}
