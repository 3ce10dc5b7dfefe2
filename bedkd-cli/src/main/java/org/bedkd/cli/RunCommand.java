package org.bedkd.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bedkd.data.TaskData;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.TextClassifier;
import org.bedkd.model.hf.HfExport;
import org.bedkd.pipeline.Experiment;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.pipeline.ExperimentReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Everything for one dataset × attack: victim, detection, defenses, evaluation, report. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Train a victim on poisoned data, detect poisoned samples (DMM + MEPD), purify (BeDKD and any "
                + "baselines) and evaluate. Writes report.json, report.md and plots to --out.")
public final class RunCommand extends DataCommand {

    @Option(names = "--seeds", split = ",", description = "Run once per seed (overrides --seed), e.g. 1,2,3.")
    List<Long> seeds;

    @Option(names = "--out", description = "Output directory (default: runs/<cell>-<profile>-<time>).")
    Path out;

    @Option(names = "--model", description = "Purify this suspect model (a bedkd checkpoint or a Hugging Face "
            + "classifier directory) instead of training a victim on --train; each purified model is written to "
            + "<out>/models/<method>-seed<seed>/ as a checkpoint and as a Hugging Face directory (hf/).")
    Path model;

    /** Results of the last {@link #call()}, for callers that embed the command. */
    List<ExperimentReport> reports = new ArrayList<>();

    @Override
    public Integer call() {
        runtime.apply();
        try (TextClassifier suspect = model == null ? null : ModelOption.load(model)) {
            return run(suspect);
        }
    }

    private Integer run(TextClassifier suspect) {
        TaskData cell = data.resolve(suspect == null ? null : suspect.schema());
        Path dir = out != null ? out : Path.of("runs", cell.name() + "-" + profile.profile + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        List<Long> runSeeds = seeds != null ? seeds : List.of(runtime.seed != null ? runtime.seed
                : profile.config(null).seed());
        ConsoleProgress progress = new ConsoleProgress(System.err);
        reports = new ArrayList<>();
        for (long seed : runSeeds) {
            ExperimentConfig config = profile.config(seed);
            progress.stage("run", String.format(Locale.ROOT, "%s, profile %s, seed %d", cell.name(), config.profile(),
                    seed));
            reports.add(suspect == null ? Experiment.run(cell, config, progress)
                    : Experiment.runOn(suspect, cell, config, progress, (method, purified) -> save(purified,
                            dir.resolve("models").resolve(method + "-seed" + seed))));
        }
        ReportWriter.write(reports, dir);
        System.out.print(ReportWriter.markdown(reports));
        System.out.println("\nresults: " + dir.toAbsolutePath());
        return 0;
    }

    private void save(TextClassifier purified, Path modelDir) {
        Checkpoints.save(purified, modelDir.resolve("checkpoint"), Map.of("stage", "purified", "suspect",
                ModelOption.contentHash(model)));
        HfExport.write(purified, modelDir.resolve("hf"));
    }
}
