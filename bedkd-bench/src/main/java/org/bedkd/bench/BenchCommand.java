package org.bedkd.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Groups the benchmark subcommands. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that write results/.",
        subcommands = {ReproduceCommand.class, SweepCommand.class, PerformanceCommand.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
