package org.bedkd.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bedkd.pipeline.BenchmarkData;
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

    /** Results of the last {@link #call()}, for callers that embed the command. */
    List<ExperimentReport> reports = new ArrayList<>();

    @Override
    public Integer call() {
        runtime.apply();
        BenchmarkData cell = data.resolve();
        List<Long> runSeeds = seeds != null ? seeds : List.of(runtime.seed != null ? runtime.seed
                : profile.config(null).seed());
        ConsoleProgress progress = new ConsoleProgress(System.err);
        reports = new ArrayList<>();
        for (long seed : runSeeds) {
            ExperimentConfig config = profile.config(seed);
            progress.stage("run", String.format(Locale.ROOT, "%s, profile %s, seed %d", cell.name(), config.profile(),
                    seed));
            reports.add(Experiment.run(cell, config, progress));
        }
        Path dir = out != null ? out : Path.of("runs", cell.name() + "-" + profile.profile + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        ReportWriter.write(reports, dir);
        System.out.print(ReportWriter.markdown(reports));
        System.out.println("\nresults: " + dir.toAbsolutePath());
        return 0;
    }
}
