package org.bedkd.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bedkd.cli.CliSupport;
import org.bedkd.data.TaskData;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.pipeline.MethodSpec;
import org.bedkd.pipeline.TaskCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Varies one setting against one trained victim per cell and seed (paper Table 3: {@code --param dmmAlpha --values
 * 1.0,0.3 --detect-only}; Table 4: {@code --param cleanPerClass --values 20,50,100,200}). Rows merge into
 * {@code results/sweeps.json} (one per dataset, attack, setting, value, seed, method; re-running replaces them), and
 * {@code results/SWEEPS.md} with a plot per sweep is rewritten from the whole file.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Vary one setting (DMM loss terms, clean samples, ...) against one victim; results go to results/.")
public final class SweepCommand implements Callable<Integer> {

    @Mixin
    BenchOptions options;

    @Option(names = "--attacks", split = ",", defaultValue = "badwords", description = "Attacks (default ${DEFAULT-VALUE}).")
    List<String> attacks;

    @Option(names = "--param", description = "The setting to vary, e.g. dmmAlpha, cleanPerClass, gamma.")
    String param;

    @Option(names = "--values", split = ",", description = "Its values, e.g. 1.0,0.3.")
    List<String> values = List.of();

    @Option(names = "--methods", split = ",", defaultValue = "bedkd", description = "Defenses per point (default"
            + " ${DEFAULT-VALUE}); ignored with --detect-only.")
    List<String> methods;

    @Option(names = "--detect-only", description = "Train the DMM and score by MEPD only: FAR, FRR, AUROC per value.")
    boolean detectOnly;

    @Option(names = "--report-only", description = "Only rewrite SWEEPS.md and its plots from sweeps.json.")
    boolean reportOnly;

    @Override
    public Integer call() {
        Path json = options.results.resolve("sweeps.json");
        List<Map<String, Object>> rows = ReproduceCommand.read(json);
        if (!reportOnly) {
            if (param == null || values.isEmpty()) {
                throw new IllegalArgumentException("give --param and --values (or --report-only)");
            }
            List<String> run = detectOnly ? List.of() : MethodSpec.validate(methods.stream()
                    .filter(m -> !m.equals("none")).toList());
            ExperimentConfig base = CliSupport.config(options.profile, options.overrides, options.seeds.get(0))
                    .withMethods(run);
            Sweep.configs(base, param, values); // rejects a bad setting or value before any training
            CliSupport.applyRuntime();
            System.err.println("bench: commit " + CliSupport.commit() + ", " + options.applyPrecision());
            for (String attack : attacks) {
                TaskData data = TaskCatalog.load(options.dataDir, options.dataset, attack);
                for (long seed : options.seeds) {
                    var progress = CliSupport.progress();
                    progress.stage("sweep", String.format(Locale.ROOT, "%s, seed %d: %s over %s, %s", data.name(), seed,
                            param, values, detectOnly ? "detection only" : "methods " + run));
                    Sweep.Result r = Sweep.run(data, base.withSeed(seed), param, values, detectOnly, progress);
                    for (Map<String, Object> row : SweepRows.of(r, options.dataset, TaskCatalog.attackName(attack))) {
                        rows.removeIf(x -> SweepRows.sameKey(x, row));
                        rows.add(row);
                    }
                    rows.sort(SweepRows.ORDER);
                    CliSupport.writeJson(json, rows);
                    writeReport(rows);
                }
            }
        }
        writeReport(rows);
        System.out.println("report: " + options.results.resolve("SWEEPS.md").toAbsolutePath());
        return 0;
    }

    private void writeReport(List<Map<String, Object>> rows) {
        try {
            Files.createDirectories(options.results.resolve("sweeps"));
            CliSupport.writeGeneratedPage(options.results.resolve("SWEEPS.md"), SweepRows.markdownAndPlots(rows,
                    options.results.resolve("sweeps")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
