package org.bedkd.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.TextClassifier;
import org.bedkd.model.hf.HfExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Converts a model between layouts. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a model (a bedkd checkpoint or a Hugging Face classifier directory) as a Hugging Face "
                + "directory (config.json, model.safetensors, tokenizer files) or as a bedkd checkpoint.")
public final class ExportCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "The model directory to convert.")
    Path model;

    @Option(names = "--format", defaultValue = "hf", description = "hf or checkpoint (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", required = true, description = "Directory to write (absent or empty).")
    Path out;

    @Override
    public Integer call() {
        try (TextClassifier m = ModelOption.load(model)) {
            switch (format.toLowerCase(Locale.ROOT)) {
                case "hf" -> HfExport.write(m, out).forEach((name, e) -> System.out.printf(Locale.ROOT,
                        "%-24s %10d  sha256 %s%n", name, e.bytes(), e.sha256()));
                case "checkpoint" -> Checkpoints.save(m, out, Map.of("source", ModelOption.contentHash(model)));
                default -> throw new IllegalArgumentException("--format must be hf or checkpoint, was " + format);
            }
        }
        System.out.println("written: " + out.toAbsolutePath());
        return 0;
    }
}
