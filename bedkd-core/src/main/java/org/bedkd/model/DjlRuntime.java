package org.bedkd.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Process-wide DJL settings, applied before the first DJL call. Offline mode is forced: natives come from the
 * {@code pytorch-native-cpu} jar, nothing is downloaded, and DJL's EC2 telemetry probe (which would contact a
 * link-local metadata address) never runs.
 */
public final class DjlRuntime {

    /**
     * System property: PyTorch intra-op threads (default: the processors the JVM may use, which honours a container's
     * CPU limit; libtorch's own default counts the machine's cores).
     */
    public static final String THREADS = "bedkd.threads";
    /** System property: PyTorch inter-op threads. */
    public static final String INTEROP_THREADS = "bedkd.interop-threads";
    /** System property: compute precision of new models, {@code fp32}, {@code bf16} or {@code auto} (default). */
    public static final String PRECISION = "bedkd.precision";

    private static volatile boolean configured;
    private static volatile boolean engineStarted;
    private static volatile String device = "cpu";
    private static volatile Precision precision;

    private DjlRuntime() {
    }

    /** Idempotent; call before touching any DJL class that might load the engine or a tokenizer. */
    public static synchronized void configure() {
        if (configured) {
            return;
        }
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.default_engine", "PyTorch");
        copy(THREADS, "ai.djl.pytorch.num_threads");
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            // libtorch would start one thread per core of the machine: on a 64-core node under a 2-CPU limit, 64
            // threads sharing 2 CPUs' quota. The JVM reads the container's limit.
            System.setProperty("ai.djl.pytorch.num_threads",
                    String.valueOf(Runtime.getRuntime().availableProcessors()));
        }
        copy(INTEROP_THREADS, "ai.djl.pytorch.num_interop_threads");
        configured = true;
    }

    /**
     * Sets the PyTorch thread counts. Before the engine starts they are what it starts with; after, the intra-op count
     * still applies to every thread that runs its first op from then on (libtorch reads it once per thread).
     */
    public static void setThreads(int intraOp, int interOp) {
        if (intraOp > 0) {
            System.setProperty(THREADS, String.valueOf(intraOp));
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(intraOp));
            if (engineStarted) {
                JniUtils.setNumThreads(intraOp);
            }
        }
        if (interOp > 0) {
            System.setProperty(INTEROP_THREADS, String.valueOf(interOp));
            System.setProperty("ai.djl.pytorch.num_interop_threads", String.valueOf(interOp));
        }
    }

    /**
     * Selects where models are created: {@code cpu} (default) or {@code gpu} (needs the CUDA build of DJL's PyTorch
     * natives; fails clearly when no GPU is visible).
     */
    public static void setDevice(String name) {
        String d = name == null ? "cpu" : name.strip().toLowerCase(java.util.Locale.ROOT);
        if (!d.equals("cpu") && !d.equals("gpu")) {
            throw new IllegalArgumentException("device must be cpu or gpu, was '" + name + "'");
        }
        if (d.equals("gpu") && engine().getGpuCount() == 0) {
            throw new IllegalStateException("device gpu was asked for, but PyTorch sees no GPU (are the CUDA natives"
                    + " installed and a GPU visible to the container?)");
        }
        device = d;
    }

    /** The device new models are created on. */
    public static ai.djl.Device device() {
        return device.equals("gpu") ? ai.djl.Device.gpu() : ai.djl.Device.cpu();
    }

    /**
     * Sets the compute precision of models created from now on ({@code fp32}, {@code bf16} or {@code auto}, see
     * {@link Precision#detect}); a model keeps its own once created.
     */
    public static void setPrecision(String name) {
        precision = Precision.parse(name);
    }

    /** The precision new models get: {@link #setPrecision}, else the {@value #PRECISION} property, else auto. */
    public static Precision precision() {
        Precision p = precision;
        if (p == null) {
            p = Precision.parse(System.getProperty(PRECISION, "auto"));
            precision = p;
        }
        return p;
    }

    /** One line for logs and reports: the precision new models get, and what auto detection found. */
    public static String describePrecision() {
        Precision.Detected auto = Precision.detect();
        return "precision " + precision().label() + " (auto: " + auto.precision().label() + ", " + auto.reason() + ")";
    }

    /** One line saying what computes: engine, version, device and precision (printed once at start). */
    public static String describeEngine() {
        Engine e = engine();
        return e.getEngineName() + " " + e.getVersion() + " on " + e.defaultDevice() + ", " + describePrecision();
    }

    /** The loaded engine (starting it if needed). */
    public static Engine engine() {
        configure();
        Engine e = Engine.getEngine("PyTorch");
        engineStarted = true;
        return e;
    }

    /** The intra-op threads PyTorch runs with (starts the engine). */
    public static int threads() {
        engine();
        return JniUtils.getNumThreads();
    }

    /** Seeds PyTorch's generator (dropout, initialisation). */
    public static void seed(long seed) {
        engine().setRandomSeed((int) seed);
    }

    private static void copy(String from, String to) {
        String v = System.getProperty(from);
        if (v != null && System.getProperty(to) == null) {
            System.setProperty(to, v);
        }
    }
}
