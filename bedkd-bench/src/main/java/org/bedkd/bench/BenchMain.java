package org.bedkd.bench;

import org.bedkd.cli.Main;
import picocli.CommandLine;

/**
 * Entry point of {@code bedkd-bench.jar}, which {@code bin/bedkd bench ...} runs: the product's {@code bedkd} command
 * line with {@code bench} added, so the benchmarks stay out of the product's jar.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** The CLI's command line (same error handling) plus {@code bench}; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        return Main.commandLine().addSubcommand(new BenchCommand());
    }
}
