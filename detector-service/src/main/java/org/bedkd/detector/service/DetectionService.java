package org.bedkd.detector.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.bedkd.contracts.DetectionCompleted;
import org.bedkd.contracts.DetectionSummary;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.JobSpec;
import org.bedkd.contracts.JobSubmitted;
import org.bedkd.contracts.MepdHistogram;
import org.bedkd.contracts.Stage;
import org.bedkd.defense.mepd.Detection;
import org.bedkd.defense.mepd.DetectionQuality;
import org.bedkd.defense.mepd.PoisonEvidence;
import org.bedkd.defense.mepd.ScoreHistogram;
import org.bedkd.defense.mepd.ScoreTable;
import org.bedkd.defense.mepd.TriggerCandidates;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.TextClassifier;
import org.bedkd.pipeline.DetectionStage;
import org.bedkd.pipeline.Experiment;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.pipeline.Progress;
import org.bedkd.service.JobInputs;
import org.bedkd.service.ServiceMetrics;
import org.bedkd.service.StageOutputs;
import org.bedkd.store.StoredArtifact;

/** The detection stage of a job: DMM + MEPD in the core, artifacts into the store, the outcome as an event. */
@ApplicationScoped
public class DetectionService {

    public static final Stage STAGE = Stage.DETECTING;

    /** Words named in the detection summary as what the trigger probably is. */
    static final int SUSPECTED_TRIGGERS = 5;
    private static final int HISTOGRAM_BINS = 50;

    private final JobInputs inputs;
    private final ServiceMetrics metrics;

    public DetectionService(JobInputs inputs, ServiceMetrics metrics) {
        this.inputs = inputs;
        this.metrics = metrics;
    }

    public Envelope detect(JobSubmitted job, StageOutputs outputs, Progress progress, String source) {
        JobSpec spec = job.spec();
        String jobId = job.jobId();
        progress.stage("load", "reading the suspect model and datasets");
        JobInputs.Resolved resolved = inputs.resolve(spec);
        ExperimentConfig config = resolved.config();
        Experiment.DefenderData data = resolved.data();
        try (TextClassifier suspect = inputs.model(spec.suspectModel(), resolved.schema(), "suspect model")) {
            DetectionStage.Outcome o = DetectionStage.run(suspect, data.train().withoutFlags(), data.fewClean(),
                    data.validation(), config.dmm(), config.mepd(), config.victim(), config.speed(), config.seed(),
                    progress);
            try (TextClassifier dmm = o.dmm()) {
                StoredArtifact dmmArtifact = outputs.directory("dmm",
                        dir -> Checkpoints.save(dmm, dir, Map.of("stage", "dmm", "job", jobId,
                                "suspectSha256", spec.suspectModel().sha256())));
                Map<String, Boolean> truth = data.train().poisonFlags();
                StoredArtifact scores = outputs.bytes("scores.csv",
                        ScoreTable.csv(o.detection(), truth));
                StoredArtifact calibration = outputs.bytes("calibration-scores.csv",
                        ScoreTable.calibrationCsv(o.detection()));
                StoredArtifact splitIds = outputs.bytes("splits.json", JobInputs.splitIds(data));
                DetectionQuality q = DetectionQuality.of(o.detection(), truth);
                record(o.detection());
                Detection d = o.detection();
                PoisonEvidence e = PoisonEvidence.of(d);
                DetectionSummary summary = new DetectionSummary(d.ranked().size(), d.gamma(), d.describeRule(),
                        d.belowGamma(), d.flagged().size(), q == null ? null : q.far(), q == null ? null : q.frr(),
                        100 * o.dmmTraining().flippedAccuracy(), o.seconds(), e == null ? null : e.cleanBelowGamma(),
                        e == null ? null : e.estimatedPoisonShare(), e == null ? null : e.weak(),
                        TriggerCandidates.suspected(d, data.train(), SUSPECTED_TRIGGERS),
                        d.triggerWordTexts().stream().limit(DetectionSummary.MAX_WORDS).toList(),
                        histogram(d, truth, q != null), d.tailLabel());
                return EventCodec.wrap(source, jobId, new DetectionCompleted(jobId, spec, JobInputs.ref(dmmArtifact),
                        JobInputs.ref(scores), summary, JobInputs.describe(resolved, JobInputs.ref(splitIds)),
                        JobInputs.ref(calibration)));
            }
        }
    }

    /** The report's MEPD histogram: 50 bins over where the scores are, fine enough to read FAR/FRR near γ. */
    static MepdHistogram histogram(Detection d, Map<String, Boolean> truth, boolean flagsKnown) {
        ScoreHistogram h = ScoreHistogram.of(d, truth, HISTOGRAM_BINS, ScoreHistogram.span(d));
        return new MepdHistogram(h.binWidth(), list(h.samples()), flagsKnown ? list(h.poisoned()) : null,
                d.cleanScores().isEmpty() ? null : list(h.calibration()));
    }

    private static List<Integer> list(int[] counts) {
        return IntStream.of(counts).boxed().toList();
    }

    private void record(Detection d) {
        var mepd = metrics.mepd();
        d.ranked().forEach(s -> mepd.record(s.mepd()));
        metrics.scored(d.ranked().size());
        metrics.flagged().record(d.flagged().size());
    }
}
