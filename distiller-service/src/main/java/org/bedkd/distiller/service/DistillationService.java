package org.bedkd.distiller.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bedkd.contracts.ArtifactRef;
import org.bedkd.contracts.ClassShares;
import org.bedkd.contracts.DetectionCompleted;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EpochStats;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.ExportedModel;
import org.bedkd.contracts.JobSpec;
import org.bedkd.contracts.ModelCard;
import org.bedkd.contracts.ModelPurified;
import org.bedkd.contracts.Stage;
import org.bedkd.data.Dataset;
import org.bedkd.data.LabelSchema;
import org.bedkd.defense.DefenseMethod;
import org.bedkd.defense.akd.AdversarialDistiller;
import org.bedkd.defense.akd.AkdEpoch;
import org.bedkd.defense.akd.AkdResult;
import org.bedkd.defense.akd.FlaggedSet;
import org.bedkd.defense.mepd.ScoreTable;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.TextClassifier;
import org.bedkd.model.hf.HfExport;
import org.bedkd.pipeline.Experiment;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.pipeline.Progress;
import org.bedkd.service.JobInputs;
import org.bedkd.service.StageOutputs;
import org.bedkd.store.StoredArtifact;

/** The purification stage of a job: AKD in the core, the purified checkpoint and its model card into the store. */
@ApplicationScoped
public class DistillationService {

    public static final Stage STAGE = Stage.DISTILLING;

    private final JobInputs inputs;

    public DistillationService(JobInputs inputs) {
        this.inputs = inputs;
    }

    public Envelope distill(DetectionCompleted detection, StageOutputs outputs, Progress progress, String source) {
        String jobId = detection.jobId();
        JobSpec spec = detection.spec();
        progress.stage("load", "reading the suspect model, datasets and flagged samples");
        // The detector's configuration and splits, re-derived here and compared: a mismatch fails the job.
        JobInputs.Resolved job = inputs.resolveAs(spec, detection.resolved());
        ExperimentConfig config = job.config();
        Experiment.DefenderData data = job.data();
        Dataset flagged = FlaggedSet.samplesById(data.train(),
                ScoreTable.flaggedIds(inputs.verified(detection.scores(), "scores")));
        try (TextClassifier suspect = inputs.model(spec.suspectModel(), job.schema(), "suspect model")) {
            progress.stage("akd", "distilling with " + data.fewClean().size() + " clean and " + flagged.size()
                    + " flagged samples, up to " + config.akd().epochs() + " epochs (" + config.akd().punish().id()
                    + " punish)");
            AkdResult r = AdversarialDistiller.purify(suspect, DefenseMethod.BEDKD, data.fewClean(),
                    FlaggedSet.of(flagged, detection.summary().triggerWords()).scannedIn(data.train()),
                    data.validation(), config.akd(), config.speed(), config.seed(), progress.listener("akd"));
            try (TextClassifier purified = r.model()) {
                StoredArtifact model = outputs.directory("model",
                        dir -> Checkpoints.save(purified, dir, Map.of("stage", "purified", "job", jobId, "method",
                                "bedkd", "parentSha256", spec.suspectModel().sha256(), "selectedEpoch",
                                String.valueOf(r.selectedEpoch()))));
                // The same model as the suspect's own Hugging Face layout, for registries and serving (KServe, Triton).
                Map<String, String> hfFiles = new java.util.TreeMap<>();
                StoredArtifact hf = outputs.directory("model-hf", dir -> HfExport.write(purified, dir)
                        .forEach((name, entry) -> hfFiles.put(name, entry.sha256())));
                ExportedModel export = new ExportedModel("huggingface",
                        purified.config().layout().family().transformersClass(), JobInputs.ref(hf), hfFiles);
                List<EpochStats> epochs = epochs(r.epochs(), r.classShares() != null);
                ClassShares shares = shares(r.classShares(), job.schema());
                ModelCard card = ModelCard.builder().name(suspect.name() + "-purified").jobId(jobId).method("bedkd")
                        .model(JobInputs.ref(model)).parent(spec.suspectModel()).datasets(datasets(spec))
                        .schema(spec.schema()).target(spec.target()).profile(config.profile()).seed(config.seed())
                        .config(EventCodec.MAPPER.valueToTree(config)).detection(detection.summary())
                        .selectedEpoch(r.selectedEpoch()).withinCaccTolerance(r.withinCaccTolerance())
                        .suspectValidationCacc(r.suspectValidationCacc()).epochs(epochs)
                        .createdAt(Instant.now().toString()).huggingFace(export).classShares(shares).build();
                StoredArtifact cardFile = outputs.bytes("model-card.json",
                        EventCodec.toJson(card).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                progress.stage("akd", String.format(java.util.Locale.ROOT, "selected epoch %d of %d%s",
                        r.selectedEpoch(), r.epochs().size(), r.withinCaccTolerance() ? ""
                                : " (no epoch kept validation CACC and balanced accuracy within tolerance)"));
                return EventCodec.wrap(source, jobId, new ModelPurified(jobId, spec, detection.summary(),
                        JobInputs.ref(model), JobInputs.ref(cardFile), "bedkd", r.selectedEpoch(),
                        r.withinCaccTolerance(), epochs, r.seconds(), JobInputs.ref(hf), shares));
            }
        }
    }

    /** The flagged samples, in the score table's order (lowest MEPD first). */

    private static ClassShares shares(org.bedkd.defense.akd.ClassShares c, LabelSchema schema) {
        return c == null ? null : new ClassShares(c.validationTexts(), c.suspect(), c.corrected(), c.labelled(),
                c.matched(), schema.labelName(c.shiftedClass()));
    }

    private static List<EpochStats> epochs(List<AkdEpoch> epochs, boolean matched) {
        return epochs.stream().map(e -> new EpochStats(e.epoch(), e.loss(), e.validationCacc(),
                nullIfNaN(e.heldOutLabelRate()), e.seconds(), e.backedOff(), nullIfNaN(e.triggerFlipRate()),
                nullIfNaN(e.validationBalancedAccuracy()), matched ? e.logitShift() : null)).toList();
    }

    /** A rate that was not measured ({@code NaN}) travels as {@code null}, not as a non-number JSON cannot hold. */
    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static Map<String, ArtifactRef> datasets(JobSpec spec) {
        Map<String, ArtifactRef> m = new LinkedHashMap<>();
        m.put("train", spec.train());
        m.put("clean", spec.clean());
        return m;
    }
}
