package org.bedkd.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bedkd.data.TaskData;
import org.bedkd.defense.DefenseMethod;
import org.bedkd.defense.akd.AdversarialDistiller;
import org.bedkd.defense.akd.AkdResult;
import org.bedkd.defense.akd.FlaggedSet;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.TextClassifier;
import org.bedkd.model.hf.HfExport;
import org.bedkd.pipeline.Experiment;
import org.bedkd.pipeline.ExperimentConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** AKD (or a baseline) from a suspect model and a detection result. */
@Command(name = "purify", mixinStandardHelpOptions = true,
        description = "Purify a suspect model with adversarial knowledge distillation: trust passes on clean samples, "
                + "punish passes on the samples flagged by `detect`. Saves the selected model as a checkpoint.")
public final class PurifyCommand extends DataCommand {

    @Option(names = "--model", required = true, description = "Suspect model: a bedkd checkpoint or a Hugging Face classifier directory (or a .zip of either).")
    Path model;

    @Option(names = "--detection", description = "detection.json written by `detect` (required for methods that use "
            + "flagged samples).")
    Path detection;

    @Option(names = "--method", defaultValue = "bedkd", description = "bedkd, ft, kd, ft+dmm or kd+dmm (default: "
            + "${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--out", required = true, description = "Checkpoint directory for the purified model.")
    Path out;

    @Option(names = "--hf-out", description = "Hugging Face directory for the purified model (default: <out>-hf), "
            + "loadable by AutoModelForSequenceClassification.from_pretrained.")
    Path hfOut;

    private Path hfOut() {
        return hfOut != null ? hfOut : out.resolveSibling(out.getFileName() + "-hf");
    }

    @Override
    public Integer call() {
        runtime.apply();
        ExperimentConfig config = config();
        DefenseMethod m = DefenseMethod.parse(method);
        if (m.usesFlagged() && detection == null) {
            throw new IllegalArgumentException("--detection is required for " + m.id());
        }
        try (TextClassifier suspect = ModelOption.load(model)) {
            TaskData cell = data.resolve(suspect.schema());
            cell.schema().requireCompatibleModel(suspect.schema(), "--model " + model);
            Experiment.Splitted s = Experiment.split(cell, config);
            FlaggedSet flagged = FlaggedSet.withoutTriggers(s.train().withSamples("flagged", List.of()));
            if (m.usesFlagged()) {
                DetectCommand.DetectionFile d = Json.read(detection, DetectCommand.DetectionFile.class);
                flagged = FlaggedSet.of(FlaggedSet.samplesById(s.train(), d.flaggedIds()), d.triggerWords())
                        .scannedIn(s.train());
            }
            AkdResult r = AdversarialDistiller.purify(suspect, m, s.fewClean(), flagged, s.validation(), config.akd(),
                    config.speed(), config.seed(), new ConsoleProgress(System.err).listener(m.id()));
            try (TextClassifier purified = r.model()) {
                Checkpoints.save(purified, out, Map.of("stage", "purified", "method", m.id(),
                        "suspect", ModelOption.contentHash(model), "selectedEpoch", String.valueOf(r.selectedEpoch())));
                HfExport.write(purified, hfOut());
            }
            Json.write(out.resolveSibling(out.getFileName() + "-purify.json"), new PurifyFile(m.id(), r.selectedEpoch(),
                    r.suspectValidationCacc(), r.suspectHeldOutLabelRate(), r.punished(), r.heldOut(), r.epochs(),
                    r.seconds(), r.withinCaccTolerance(), r.classShares()));
            System.out.printf(Locale.ROOT, "selected epoch %d of %d; checkpoint: %s; Hugging Face: %s%n",
                    r.selectedEpoch(), r.epochs().size(), out.toAbsolutePath(), hfOut().toAbsolutePath());
        }
        return 0;
    }

    /** What {@code <out>-purify.json} holds. */
    public record PurifyFile(String method, int selectedEpoch, double suspectValidationCacc,
            double suspectHeldOutLabelRate, int punished, int heldOut, List<org.bedkd.defense.akd.AkdEpoch> epochs,
            double seconds, boolean withinCaccTolerance, org.bedkd.defense.akd.ClassShares classShares) {
    }
}
