package org.bedkd.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bedkd}. */
@Command(name = "bedkd", mixinStandardHelpOptions = true, version = "bedkd 0.1.0",
        description = "Backdoor defense for text classifiers (DMM + MEPD detection, adversarial knowledge distillation).",
        subcommands = {RunCommand.class, TrainVictimCommand.class, DetectCommand.class, PurifyCommand.class,
            EvaluateCommand.class, ExportCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Benchmarks: bin/bedkd bench --help (module bedkd-bench)."})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (tests call {@code execute} on it). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        // Any file or model option may name s3://bucket/key: fetched once into a cache keyed by sha256.
        cli.registerConverter(java.nio.file.Path.class, s -> s.startsWith("s3://")
                ? org.bedkd.store.s3.S3Inputs.local(s, System.getenv()) : java.nio.file.Path.of(s));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // Bad input is the user's to fix: one clear line, no stack trace (use --verbose for it).
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + e.getMessage()));
            if (Boolean.getBoolean("bedkd.verbose")) {
                e.printStackTrace(cmd.getErr());
            }
            return e instanceof IllegalArgumentException || e instanceof org.bedkd.model.CheckpointException ? 2 : 1;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
