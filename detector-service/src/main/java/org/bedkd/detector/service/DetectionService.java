package org.bedkd.detector.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bedkd.contracts.DetectionCompleted;
import org.bedkd.contracts.DetectionSummary;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.JobSpec;
import org.bedkd.contracts.JobSubmitted;
import org.bedkd.data.LabelSchema;
import org.bedkd.defense.mepd.Detection;
import org.bedkd.defense.mepd.DetectionQuality;
import org.bedkd.defense.mepd.ScoredSample;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.TextClassifier;
import org.bedkd.pipeline.DetectionStage;
import org.bedkd.pipeline.Experiment;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.pipeline.Progress;
import org.bedkd.service.JobInputs;
import org.bedkd.service.ServiceMetrics;
import org.bedkd.store.ArtifactStore;
import org.bedkd.store.StoredArtifact;

/** The detection stage of a job: DMM + MEPD in the core, artifacts into the store, the outcome as an event. */
@ApplicationScoped
public class DetectionService {

    public static final String STAGE = "detecting";

    private final JobInputs inputs;
    private final ServiceMetrics metrics;

    public DetectionService(JobInputs inputs, ServiceMetrics metrics) {
        this.inputs = inputs;
        this.metrics = metrics;
    }

    public Envelope detect(JobSubmitted job, Progress progress, String source) {
        JobSpec spec = job.spec();
        String jobId = job.jobId();
        ExperimentConfig config = inputs.config(spec);
        LabelSchema schema = inputs.schema(spec);
        progress.stage("load", "reading the suspect model and datasets");
        Experiment.DefenderData data = inputs.defenderData(spec, config);
        try (TextClassifier suspect = inputs.model(spec.suspectModel(), schema, "suspect model")) {
            DetectionStage.Outcome o = DetectionStage.run(suspect, data.train().withoutFlags(), data.fewClean(),
                    config.dmm(), config.mepd(), config.seed(), progress);
            try (TextClassifier dmm = o.dmm()) {
                ArtifactStore store = inputs.store();
                StoredArtifact dmmArtifact = store.putDirectory(JobInputs.jobPath(jobId, STAGE, "dmm"),
                        dir -> Checkpoints.save(dmm, dir, Map.of("stage", "dmm", "job", jobId,
                                "suspectSha256", spec.suspectModel().sha256())));
                Map<String, Boolean> truth = new HashMap<>();
                data.train().samples().forEach(s -> truth.put(s.id(), s.poisoned()));
                List<ScoredSample> ranked = o.detection().ranked().stream()
                        .map(x -> new ScoredSample(x.id(), x.mepd(), x.label(), truth.get(x.id()))).toList();
                StoredArtifact scores = store.putBytes(JobInputs.jobPath(jobId, STAGE, "scores.csv"),
                        scoresCsv(ranked, o.detection()));
                DetectionQuality q = DetectionQuality.of(ranked, config.mepd().gamma(), ranked.stream()
                        .filter(x -> o.detection().flaggedIds().contains(x.id())).toList());
                record(o.detection());
                DetectionSummary summary = new DetectionSummary(ranked.size(), config.mepd().gamma(),
                        o.detection().belowGamma(), o.detection().flagged().size(), q == null ? null : q.far(),
                        q == null ? null : q.frr(), 100 * o.dmmTraining().flippedAccuracy(), o.seconds());
                return EventCodec.wrap(source, jobId, new DetectionCompleted(jobId, spec, JobInputs.ref(dmmArtifact),
                        JobInputs.ref(scores), summary));
            }
        }
    }

    private void record(Detection d) {
        var mepd = metrics.mepd();
        d.ranked().forEach(s -> mepd.record(s.mepd()));
        metrics.scored(d.ranked().size());
        metrics.flagged().record(d.flagged().size());
    }

    /** {@code id,mepd,label,flagged,poisoned}, lowest MEPD first; the distiller reads the flagged rows in order. */
    static byte[] scoresCsv(List<ScoredSample> ranked, Detection d) {
        java.util.Set<String> flagged = new java.util.HashSet<>(d.flaggedIds());
        StringBuilder sb = new StringBuilder("id,mepd,label,flagged,poisoned\n");
        for (ScoredSample s : ranked) {
            sb.append(csvId(s.id())).append(',').append(String.format(Locale.ROOT, "%.6f", s.mepd())).append(',')
                    .append(s.label()).append(',').append(flagged.contains(s.id()) ? 1 : 0).append(',')
                    .append(s.poisoned() == null ? "" : s.poisoned() ? "1" : "0").append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String csvId(String id) {
        return id.contains(",") || id.contains("\"") ? '"' + id.replace("\"", "\"\"") + '"' : id;
    }
}
