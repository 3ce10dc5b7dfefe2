package org.bedkd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.bedkd.defense.mepd.ScoredSample;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.TextClassifier;
import org.bedkd.pipeline.BenchmarkData;
import org.bedkd.pipeline.DetectionStage;
import org.bedkd.pipeline.Experiment;
import org.bedkd.pipeline.ExperimentConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** DMM training + MEPD scoring of the suspect training set. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Train the DMM from a suspect model and a few clean samples, score the training set by MEPD and "
                + "flag poisoned samples. Writes dmm/ (checkpoint), scores.csv and detection.json to --out.")
public final class DetectCommand implements Callable<Integer> {

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    ProfileOptions profile = new ProfileOptions();

    @Mixin
    RuntimeOptions runtime = new RuntimeOptions();

    @Option(names = "--model", required = true, description = "Suspect model checkpoint.")
    Path model;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    /** What {@code detection.json} holds. */
    public record DetectionFile(String model, String data, float gamma, int scored, int belowGamma,
            java.util.List<String> flaggedIds, org.bedkd.defense.mepd.DetectionQuality quality, double dmmFlippedAccuracy,
            double seconds) {
    }

    @Override
    public Integer call() {
        runtime.apply();
        BenchmarkData cell = data.resolve();
        ExperimentConfig config = profile.config(runtime.seed);
        Experiment.Splitted split = Experiment.split(cell, config);
        try (TextClassifier suspect = Checkpoints.load(model)) {
            DetectionStage.Outcome o = DetectionStage.run(suspect, split.train().withoutFlags(), split.fewClean(), config.dmm(),
                    config.mepd(), config.seed(), new ConsoleProgress(System.err));
            try (TextClassifier dmm = o.dmm()) {
                Checkpoints.save(dmm, out.resolve("dmm"), Map.of("stage", "dmm", "suspect", Checkpoints.contentHash(model)));
                Set<String> flagged = new HashSet<>(o.detection().flaggedIds());
                Map<String, Boolean> truth = new java.util.HashMap<>();
                split.train().samples().forEach(s -> truth.put(s.id(), s.poisoned()));
                writeScores(out.resolve("scores.csv"), o, flagged, truth);
                var withTruth = o.detection().ranked().stream()
                        .map(x -> new ScoredSample(x.id(), x.mepd(), x.label(), truth.get(x.id()))).toList();
                var kept = withTruth.stream().filter(x -> flagged.contains(x.id())).toList();
                var quality = org.bedkd.defense.mepd.DetectionQuality.of(withTruth, config.mepd().gamma(), kept);
                Json.write(out.resolve("detection.json"), new DetectionFile(model.toString(), cell.name(),
                        config.mepd().gamma(), o.detection().ranked().size(), o.detection().belowGamma(),
                        o.detection().flaggedIds(), quality, 100 * o.dmmTraining().flippedAccuracy(), o.seconds()));
                System.out.printf(Locale.ROOT, "%d of %d samples under gamma %.3f, %d flagged%s%n",
                        o.detection().belowGamma(), o.detection().ranked().size(), config.mepd().gamma(), flagged.size(),
                        quality == null ? "" : String.format(Locale.ROOT, "; FAR %.2f %%, FRR %.2f %%", quality.far(),
                                quality.frr()));
            }
        }
        return 0;
    }

    private static void writeScores(Path file, DetectionStage.Outcome o, Set<String> flagged,
            Map<String, Boolean> truth) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
                w.println("id,mepd,label,flagged,poisoned");
                for (ScoredSample s : o.detection().ranked()) {
                    Boolean p = truth.get(s.id());
                    w.printf(Locale.ROOT, "%s,%.6f,%d,%d,%s%n", s.id(), s.mepd(), s.label(), flagged.contains(s.id()) ? 1 : 0,
                            p == null ? "" : p ? "1" : "0");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
