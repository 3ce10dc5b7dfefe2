package org.bedkd.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bedkd.data.Splits;
import org.bedkd.data.TaskData;
import org.bedkd.metrics.Evaluation;
import org.bedkd.metrics.ModelEvaluator;
import org.bedkd.model.TextClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** CACC / ASR / ASR floor of a checkpoint. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a model checkpoint: clean accuracy (CACC), attack success rate (ASR) and the ASR floor.")
public final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    RuntimeOptions runtime = new RuntimeOptions();

    @Option(names = "--model", required = true, description = "Model: a bedkd checkpoint or a Hugging Face classifier directory (or a .zip of either).")
    Path model;

    @Option(names = "--test-rows", defaultValue = "0", description = "At most N rows per test set (0 = all).")
    int testRows;

    @Option(names = "--out", description = "Write the evaluation as JSON here.")
    Path out;

    @Override
    public Integer call() {
        runtime.apply();
        long seed = runtime.seed != null ? runtime.seed : 42;
        try (TextClassifier m = ModelOption.load(model)) {
            TaskData cell = data.resolve(m.schema());
            cell.schema().requireCompatibleModel(m.schema(), "--model " + model);
            var clean = testRows > 0 ? Splits.sample(cell.testClean(), testRows, seed, "test-clean") : cell.testClean();
            var triggered = testRows > 0 ? Splits.sample(cell.testTriggered(), testRows, seed, "test-triggered")
                    : cell.testTriggered();
            Evaluation e = ModelEvaluator.evaluate(m, clean, triggered, cell.target(), 64);
            if (out != null) {
                Json.write(out, e);
            }
            System.out.printf(Locale.ROOT, "CACC %.2f  ASR %.2f  ASR floor %.2f  (%d clean, %d triggered)%n", e.cacc(),
                    e.asr(), e.asrFloor(), e.cleanSamples(), e.triggeredSamples());
        }
        return 0;
    }
}
