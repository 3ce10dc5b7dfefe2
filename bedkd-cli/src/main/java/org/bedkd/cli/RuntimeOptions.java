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

    /** Applies thread settings; must run before the engine starts. */
    void apply() {
        DjlRuntime.setThreads(threads, interopThreads);
        DjlRuntime.configure();
    }
}
