package org.bedkd.model;

import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TorchScript modules shipped in the jar (each written by a script under {@code src/main/python}, whose header
 * says why it is TorchScript and not DJL ops). Loaded once per process from the classpath, never downloaded; each is
 * stateless, so one copy serves every model and thread.
 */
public final class TorchScripts {

    private static final Map<String, PtSymbolBlock> LOADED = new ConcurrentHashMap<>();

    private TorchScripts() {
    }

    /** The module at {@code resource} (an absolute classpath path), loaded on first use. */
    public static PtSymbolBlock get(String resource) {
        return LOADED.computeIfAbsent(resource, TorchScripts::load);
    }

    /**
     * Sets what every call into a script needs on the calling thread. The profiling executor would re-specialise a
     * graph for every new sequence length (our batches are bucketed by length); the plain interpreter runs each op
     * once, like DJL does. The switch is per thread in libtorch, and services call from worker threads, so callers set
     * it on every call (a thread-local store).
     */
    public static void prepareThread() {
        JniUtils.setGraphExecutorOptimize(false);
    }

    private static PtSymbolBlock load(String resource) {
        // The manager outlives every model: the script is shared by the whole process.
        PtNDManager owner = (PtNDManager) DjlRuntime.engine().newBaseManager(DjlRuntime.device());
        try (InputStream in = TorchScripts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return JniUtils.loadModule(owner, in, true, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + resource, e);
        }
    }
}
