package org.bedkd.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.bedkd.data.TaskData;
import org.bedkd.defense.mepd.Detection;
import org.bedkd.defense.mepd.DetectionQuality;
import org.bedkd.defense.mepd.PoisonEvidence;
import org.bedkd.defense.mepd.ScoreTable;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.TextClassifier;
import org.bedkd.pipeline.DetectionStage;
import org.bedkd.pipeline.Experiment;
import org.bedkd.pipeline.ExperimentConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** DMM training + MEPD scoring of the suspect training set. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Train the DMM from a suspect model and a few clean samples, score the training set by MEPD and "
                + "flag poisoned samples. Writes dmm/ (checkpoint), scores.csv, calibration-scores.csv and "
                + "detection.json to --out.")
public final class DetectCommand extends DataCommand {

    @Option(names = "--model", required = true, description = "Suspect model: a bedkd checkpoint or a Hugging Face classifier directory (or a .zip of either).")
    Path model;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    /** What {@code detection.json} holds. */
    public record DetectionFile(String model, String data, float gamma, String gammaRule, int scored, int belowGamma,
            java.util.List<String> flaggedIds, PoisonEvidence evidence, DetectionQuality quality,
            double dmmFlippedAccuracy, double seconds, java.util.List<String> triggerWords) {
    }

    @Override
    public Integer call() {
        runtime.apply();
        ExperimentConfig config = config();
        try (TextClassifier suspect = ModelOption.load(model)) {
            TaskData cell = data.resolve(suspect.schema());
            cell.schema().requireCompatibleModel(suspect.schema(), "--model " + model);
            Experiment.Splitted split = Experiment.split(cell, config);
            DetectionStage.Outcome o = DetectionStage.run(suspect, split.train().withoutFlags(), split.fewClean(),
                    split.validation(), config.dmm(), config.mepd(), config.victim(), config.speed(), config.seed(),
                    new ConsoleProgress(System.err));
            try (TextClassifier dmm = o.dmm()) {
                Checkpoints.save(dmm, out.resolve("dmm"), Map.of("stage", "dmm", "suspect", ModelOption.contentHash(model)));
                Map<String, Boolean> truth = split.train().poisonFlags();
                Detection d = o.detection();
                try {
                    Files.write(out.resolve("scores.csv"), ScoreTable.csv(d, truth));
                    Files.write(out.resolve("calibration-scores.csv"), ScoreTable.calibrationCsv(d));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                DetectionQuality quality = DetectionQuality.of(d, truth);
                PoisonEvidence evidence = PoisonEvidence.of(d);
                Json.write(out.resolve("detection.json"), new DetectionFile(model.toString(), cell.name(), d.gamma(),
                        d.describeRule(), d.ranked().size(), d.belowGamma(), d.flaggedIds(), evidence, quality,
                        100 * o.dmmTraining().flippedAccuracy(), o.seconds(), d.triggerWordTexts()));
                System.out.printf(Locale.ROOT, "%d of %d samples under gamma %.4f (%s), %d flagged%s%n",
                        d.belowGamma(), d.ranked().size(), d.gamma(), d.describeRule(), d.flagged().size(),
                        quality == null ? "" : String.format(Locale.ROOT, "; FAR %.2f %%, FRR %.2f %%", quality.far(),
                                quality.frr()));
                if (evidence != null) {
                    System.out.println((evidence.weak() ? "WARNING: " : "") + evidence.describe());
                }
            }
        }
        return 0;
    }
}
