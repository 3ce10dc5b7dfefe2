package org.bedkd.cli;

import org.bedkd.model.DjlRuntime;
import picocli.CommandLine.Option;

/** Engine settings shared by every subcommand. */
final class RuntimeOptions {

    @Option(names = "--threads", description = "PyTorch intra-op threads (default: DJL's choice).")
    int threads;

    @Option(names = "--interop-threads", description = "PyTorch inter-op threads.")
    int interopThreads;

    @Option(names = "--seed", description = "Master seed (default: the profile's, 42).")
    Long seed;

    @Option(names = "--precision", description = "How the encoder computes: fp32, bf16 or auto (default: auto, bf16 "
            + "where the CPU has avx512_bf16 or AMX, or on CUDA; float32 weights either way).")
    String precision;

    /** Applies thread and precision settings; must run before the engine starts. */
    void apply() {
        DjlRuntime.setThreads(threads, interopThreads);
        DjlRuntime.configure();
        if (precision != null) {
            DjlRuntime.setPrecision(precision);
        }
        System.err.println("engine: " + DjlRuntime.describeEngine());
    }
}
