package org.bedkd.evaluator.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bedkd.attack.AddSent;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EvaluationCompleted;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.JobSpec;
import org.bedkd.contracts.ModelCard;
import org.bedkd.contracts.ModelPurified;
import org.bedkd.contracts.Scores;
import org.bedkd.contracts.Stage;
import org.bedkd.data.Dataset;
import org.bedkd.data.LabelSchema;
import org.bedkd.evaluator.config.EvaluatorConfig;
import org.bedkd.metrics.Evaluation;
import org.bedkd.metrics.ModelEvaluator;
import org.bedkd.model.TextClassifier;
import org.bedkd.pipeline.Experiment;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.pipeline.Progress;
import org.bedkd.pipeline.TaskCatalog;
import org.bedkd.service.JobInputs;
import org.bedkd.service.ServiceMetrics;
import org.bedkd.service.StageOutputs;
import org.bedkd.store.StoredArtifact;

/** The evaluation stage: both models on the job's test sets, the gates, the report and the final model card. */
@ApplicationScoped
public class EvaluationService {

    public static final Stage STAGE = Stage.EVALUATING;
    private static final int BATCH = 64;

    private final JobInputs inputs;
    private final EvaluatorConfig config;
    private final ServiceMetrics metrics;

    public EvaluationService(JobInputs inputs, EvaluatorConfig config, ServiceMetrics metrics) {
        this.inputs = inputs;
        this.config = config;
        this.metrics = metrics;
    }

    public Envelope evaluate(ModelPurified m, StageOutputs outputs, Progress progress, String source) {
        long start = System.nanoTime();
        String jobId = m.jobId();
        JobSpec spec = m.spec();
        LabelSchema schema = inputs.schema(spec);
        ExperimentConfig cfg = inputs.config(spec);
        Dataset testClean = subset(inputs.optionalDataset(spec.testClean(), schema, "test-clean"), cfg, "test-clean");
        Dataset triggered = spec.target() == null ? null
                : subset(inputs.optionalDataset(spec.testTriggered(), schema, "test-triggered"), cfg, "test-triggered");
        Evaluation before = null;
        Evaluation after = null;
        Probe probe = testClean == null || spec.target() == null ? null : probe(spec, m);
        // A probe is inserted as AddSent inserts its sentence: whole, at a random word position.
        Dataset inserted = probe == null ? null : TaskCatalog.inserted(testClean, new AddSent(probe.text().strip()));
        if (testClean != null) {
            progress.stage("evaluate", "scoring the suspect and the purified model on " + testClean.size() + " clean"
                    + (triggered == null ? "" : " and " + triggered.size() + " triggered") + " test samples");
            int target = spec.target() != null ? spec.target() : 0;
            try (TextClassifier suspect = inputs.model(spec.suspectModel(), schema, "suspect model");
                    TextClassifier purified = inputs.model(m.model(), schema, "purified model")) {
                before = ModelEvaluator.evaluate(suspect, testClean, triggered, inserted, target, BATCH);
                after = ModelEvaluator.evaluate(purified, testClean, triggered, inserted, target, BATCH);
            }
        } else {
            progress.stage("evaluate", "the job has no clean test set: gates use validation signals only");
        }
        List<String> gates = new ArrayList<>();
        boolean accepted = gates(m, before, after, spec.target() != null, gates);
        ModelCard card = readCard(m).withEvaluation(scores(before, spec, schema), scores(after, spec, schema),
                accepted);
        StoredArtifact cardFile = outputs.bytes("model-card.json",
                EventCodec.toJson(card).getBytes(StandardCharsets.UTF_8));
        double seconds = (System.nanoTime() - start) / 1e9;
        EvaluationReport report = new EvaluationReport(jobId, spec, m.detection(), m.model(), JobInputs.ref(cardFile),
                m.selectedEpoch(), m.withinCaccTolerance(), m.epochs(), before, after, accepted, gates, seconds,
                probe == null ? null : probe.text(), probe == null ? null : probe.source(),
                before == null ? null : before.classRecall(schema), after == null ? null : after.classRecall(schema),
                m.classShares());
        StoredArtifact reportFile = outputs.bytes("report.json",
                EventCodec.toJson(report).getBytes(StandardCharsets.UTF_8));
        outputs.bytes("report.md",
                ReportRenderer.markdown(report).getBytes(StandardCharsets.UTF_8));
        record(before, "before");
        record(after, "after");
        return EventCodec.wrap(source, jobId, new EvaluationCompleted(jobId, scores(before, spec, schema),
                scores(after, spec, schema),
                m.detection(), m.model(), JobInputs.ref(cardFile), JobInputs.ref(reportFile), accepted, seconds));
    }

    /** The promotion gates; each adds a line saying how it went. */
    private boolean gates(ModelPurified m, Evaluation before, Evaluation after, boolean hasTarget, List<String> out) {
        boolean ok = m.withinCaccTolerance();
        out.add(m.withinCaccTolerance()
                ? "validation CACC and balanced accuracy of the selected epoch within tolerance of the suspect model"
                : "no purification epoch kept validation CACC and balanced accuracy within tolerance");
        if (before != null && after != null) {
            boolean cacc = after.cacc() >= before.cacc() - config.maxCaccDrop();
            out.add(String.format(Locale.ROOT, "test CACC %.2f → %.2f (%s, at most %.1f points lost)", before.cacc(),
                    after.cacc(), cacc ? "ok" : "too low", config.maxCaccDrop()));
            ok &= cacc;
            if (hasTarget && !Double.isNaN(after.asr())) {
                boolean asr = after.asr() <= before.asr();
                out.add(String.format(Locale.ROOT, "ASR %.2f → %.2f (floor %.2f → %.2f)%s", before.asr(), after.asr(),
                        before.asrFloor(), after.asrFloor(), asr ? "" : ": higher than before"));
                ok &= asr;
            }
        }
        return ok;
    }

    private ModelCard readCard(ModelPurified m) {
        try {
            return EventCodec.MAPPER.readValue(Files.readAllBytes(inputs.verified(m.modelCard(), "model card")),
                    ModelCard.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model card of job " + m.jobId(), e);
        }
    }

    private static Dataset subset(Dataset d, ExperimentConfig cfg, String name) {
        return d == null ? null : Experiment.testSubset(d, cfg, name);
    }

    private static Scores scores(Evaluation e, JobSpec spec, LabelSchema schema) {
        if (e == null) {
            return new Scores(null, null, null);
        }
        boolean asr = spec.target() != null && !Double.isNaN(e.asr());
        return new Scores(e.cacc(), asr ? e.asr() : null, spec.target() != null ? e.asrFloor() : null,
                e.classRecall(schema), orNull(e.triggerFlipTarget()), orNull(e.triggerFlipNonTarget()));
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** What is inserted to measure trigger flips: the job's own probe, or the detector's most suspected word. */
    record Probe(String text, String source) {
    }

    private static Probe probe(JobSpec spec, ModelPurified m) {
        if (spec.triggerProbe() != null) {
            return new Probe(spec.triggerProbe(), "job");
        }
        List<String> suspected = m.detection() == null ? null : m.detection().suspectedTriggers();
        return suspected == null || suspected.isEmpty() ? null : new Probe(suspected.get(0), "detector");
    }

    private void record(Evaluation e, String model) {
        if (e != null) {
            metrics.gauge("bedkd.latest.cacc", "model", model, "CACC of the latest evaluated job").set(e.cacc());
            metrics.gauge("bedkd.latest.asr", "model", model, "ASR of the latest evaluated job").set(e.asr());
        }
    }
}
