package org.bedkd.service;

import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Consumer;
import org.bedkd.contracts.Stage;
import org.bedkd.store.ArtifactStore;
import org.bedkd.store.StoredArtifact;

/**
 * Where one attempt of one stage of one job writes: {@code jobs/<id>/<stage>/<attempt>/}, a fresh directory no other
 * attempt shares. A redelivered job that runs again (another replica after a rebalance, a restart) writes beside the
 * first attempt instead of deleting or overwriting it, and whichever attempt publishes its outcome first decides
 * (see {@link StageRunner}); the outcome event names the files by path and sha256.
 */
public final class StageOutputs {

    private final ArtifactStore store;
    private final String prefix;

    private StageOutputs(ArtifactStore store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    /** A new attempt's directory. */
    public static StageOutputs fresh(ArtifactStore store, String jobId, Stage stage) {
        String attempt = "attempt-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return new StageOutputs(store, JobInputs.jobPath(JobIds.require(jobId), stage.id(), attempt));
    }

    /** {@code jobs/<id>/<stage>/<attempt>/<name>}. */
    public String path(String name) {
        return prefix + "/" + name;
    }

    /** Stores a directory artifact (a checkpoint) built by {@code writer}. */
    public StoredArtifact directory(String name, Consumer<Path> writer) {
        return store.putDirectory(path(name), writer);
    }

    /** Stores a file artifact. */
    public StoredArtifact bytes(String name, byte[] content) {
        return store.putBytes(path(name), content);
    }

    /** Removes this attempt's files (it was cancelled, or lost the race to publish). */
    void discard() {
        store.delete(prefix);
    }
}
