package org.bedkd.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bedkd.data.Dataset;
import org.bedkd.data.Sample;
import org.bedkd.data.Splits;
import org.bedkd.data.TaskData;
import org.bedkd.defense.DefenseMethod;
import org.bedkd.defense.akd.AdversarialDistiller;
import org.bedkd.defense.akd.AkdResult;
import org.bedkd.defense.akd.FlaggedSet;
import org.bedkd.defense.filter.InputFilters;
import org.bedkd.defense.mepd.Detection;
import org.bedkd.defense.mepd.DetectionQuality;
import org.bedkd.defense.mepd.MepdDetector;
import org.bedkd.defense.mepd.PoisonEvidence;
import org.bedkd.defense.mepd.ScoreHistogram;
import org.bedkd.defense.mepd.ScoreTable;
import org.bedkd.defense.mepd.ScoredSample;
import org.bedkd.defense.mepd.TriggerCandidates;
import org.bedkd.metrics.Evaluation;
import org.bedkd.metrics.ModelEvaluator;
import org.bedkd.model.TextClassifier;
import org.bedkd.train.TrainListener;

/**
 * One dataset × attack run: train the victim on D*, evaluate it, train the DMM and flag samples by MEPD, run every
 * configured defense, evaluate each on the test sets. Model selection inside every defense uses the validation split
 * only; the test sets are touched only by the final evaluations.
 */
public final class Experiment {

    private static final int HISTOGRAM_BINS = 20;
    private static final int SUSPECTED_TRIGGERS = 5;
    private static final double HISTOGRAM_MAX = 0.5;

    private Experiment() {
    }

    /**
     * The parts of a cell after sub-sampling and splitting, all seeded.
     *
     * @param testInserted {@code testClean} with the trigger in every row, row for row ({@code null}: not measured)
     */
    public record Splitted(Dataset train, Dataset fewClean, Dataset validation, Dataset testClean, Dataset testTriggered,
            Dataset testInserted) {

        /** The same split with another training set (a clean reference trains on D* without its poisoned rows). */
        public Splitted withTrain(Dataset t) {
            return new Splitted(t, fewClean, validation, testClean, testTriggered, testInserted);
        }
    }

    /** The defender's training-side data: D* (sub-sampled as configured), D_c^few and the validation split. */
    public record DefenderData(Dataset train, Dataset fewClean, Dataset validation) {
    }

    /**
     * Deterministic for a given config: the detector, the distiller and the CLI stages all derive the same few-clean
     * and validation sets from the same clean pool.
     */
    public static DefenderData defenderData(Dataset train, Dataset cleanPool, ExperimentConfig config) {
        Dataset t = config.trainRows() > 0 ? Splits.sample(train, config.trainRows(), config.seed(), "train") : train;
        Splits.Split pool = Splits.fewShot(cleanPool, config.cleanPerClass(), config.seed(), "few-clean");
        Dataset validation = Splits.sample(pool.second(), config.validationRows(), config.seed(), "validation");
        if (validation.isEmpty()) {
            throw new IllegalArgumentException("no clean samples left for validation after taking "
                    + config.cleanPerClass() + " per class from " + cleanPool.size());
        }
        return new DefenderData(t, pool.first(), validation);
    }

    public static Splitted split(TaskData data, ExperimentConfig config) {
        DefenderData d = defenderData(data.train(), data.cleanPool(), config);
        Dataset testClean = testSubset(data.testClean(), config, "test-clean");
        return new Splitted(d.train(), d.fewClean(), d.validation(), testClean,
                testSubset(data.testTriggered(), config, "test-triggered"), rowsOf(data.testInserted(), testClean));
    }

    /** The rows of {@code aligned} with the ids of {@code subset}, in its order ({@code null} stays null). */
    private static Dataset rowsOf(Dataset aligned, Dataset subset) {
        if (aligned == null) {
            return null;
        }
        Map<String, Sample> byId = aligned.byId();
        return aligned.withSamples(aligned.name(), subset.stream().map(x -> byId.get(x.id())).toList());
    }

    /** At most {@code testRows} rows of a test set (all when 0). */
    public static Dataset testSubset(Dataset test, ExperimentConfig config, String name) {
        return config.testRows() > 0 ? Splits.sample(test, config.testRows(), config.seed(), name) : test;
    }

    public static ExperimentReport run(TaskData data, ExperimentConfig config, Progress progress) {
        return run(data, config, progress, DefenseListeners.NONE);
    }

    /** The same run, with {@code listeners} beside every defense's training. */
    public static ExperimentReport run(TaskData data, ExperimentConfig config, Progress progress,
            DefenseListeners listeners) {
        long start = System.nanoTime();
        config = withResolvedPrecision(config);
        Splitted s = split(data, config);
        Victim v = trainVictim(data, s, config, progress);
        try (TextClassifier victim = v.model()) {
            return defendAll(data, s, v, config, progress, start, listeners, PurifiedModels.NONE);
        }
    }

    /**
     * The same run against a suspect model the user brings (a checkpoint or a Hugging Face classifier) instead of a
     * victim trained here. {@code keep} sees each purified model before it is closed (e.g. to save or export it).
     */
    public static ExperimentReport runOn(TextClassifier suspect, TaskData data, ExperimentConfig config,
            Progress progress, PurifiedModels keep) {
        long start = System.nanoTime();
        config = withResolvedPrecision(config);
        suspect.setPrecision(config.speed().precision());
        data.schema().requireCompatibleModel(suspect.schema(), "the suspect model");
        Splitted s = split(data, config);
        Victim v = new Victim(suspect, evaluate(suspect, s, data.target(), config, progress, "none"), 0);
        return defendAll(data, s, v, config, progress, start, DefenseListeners.NONE, keep);
    }

    /**
     * Training listeners a caller adds beside each defense of a run, to measure something the algorithm does not (a
     * benchmark's per-epoch test ASR, say); the run never reads what they record.
     */
    @FunctionalInterface
    public interface DefenseListeners {
        DefenseListeners NONE = (method, split) -> TrainListener.NONE;

        /** The listener for defense {@code method} of a run on {@code split}. */
        TrainListener forDefense(String method, Splitted split);
    }

    /** Receives each purified model of a run while it is still open. */
    @FunctionalInterface
    public interface PurifiedModels {
        PurifiedModels NONE = (method, model) -> { };

        void accept(String method, TextClassifier purified);
    }

    /**
     * A trained suspect model with its test scores, shared by every defense of a run (and by runs that compare settings
     * against one victim).
     *
     * @param seconds its training time (0 for a model the user brought)
     */
    public record Victim(TextClassifier model, Evaluation evaluation, double seconds) {
    }

    /** The config with the precision that will run written in, so the report says which one did. */
    private static ExperimentConfig withResolvedPrecision(ExperimentConfig config) {
        return config.withSpeed(config.speed().withPrecision(config.speed().resolvedPrecision()));
    }

    /** Trains the victim on {@code s}'s training set and scores it on its test sets; the caller closes its model. */
    public static Victim trainVictim(TaskData data, Splitted s, ExperimentConfig config, Progress progress) {
        long start = System.nanoTime();
        TextClassifier model = VictimTrainer.train(s.train(), config.victim(), config.seed(),
                config.speed().resolvedPrecision(), progress);
        try {
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Victim(model, evaluate(model, s, data.target(), config, progress, "none"), seconds);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Detection (when a method needs it) and every configured defense against an already trained victim; the report's
     * total time counts from this call.
     */
    public static ExperimentReport defendAll(TaskData data, Splitted s, Victim victim, ExperimentConfig config,
            Progress progress) {
        return defendAll(data, s, victim, config, progress, System.nanoTime(), DefenseListeners.NONE,
                PurifiedModels.NONE);
    }

    /** Detection alone (DMM + MEPD, FAR, FRR, AUROC) against an already trained victim: a report without methods. */
    public static ExperimentReport detectionOnly(TaskData data, Splitted s, Victim victim, ExperimentConfig config,
            Progress progress) {
        long start = System.nanoTime();
        DetectionStage.Outcome det = detect(victim.model(), s, config, progress);
        try {
            return new ExperimentReport(data.name(), data.source(), data.target(), config, sizes(s),
                    victim.evaluation(), victim.seconds(), summarize(det, s.train()), List.of(),
                    (System.nanoTime() - start) / 1e9);
        } finally {
            det.dmm().close();
        }
    }

    private static ExperimentReport defendAll(TaskData data, Splitted s, Victim victim, ExperimentConfig config,
            Progress progress, long start, DefenseListeners listeners, PurifiedModels keep) {
        DetectionStage.Outcome det = null;
        List<ExperimentReport.MethodResult> rows = new ArrayList<>();
        try {
            List<MethodSpec> specs = config.methods().stream().filter(n -> !InputFilters.isFilter(n))
                    .map(n -> MethodSpec.resolve(n, config)).filter(m -> m.method() != DefenseMethod.NONE).toList();
            if (specs.stream().anyMatch(m -> m.method().usesFlagged())) {
                det = detect(victim.model(), s, config, progress);
            }
            for (MethodSpec spec : specs) {
                // Every method picks its flagged samples from the same MEPD ranking (one DMM per run).
                Detection picked = det == null ? null : MepdDetector.rerank(det.detection(), spec.flagging(),
                        new MepdDetector.Texts(s.train().withoutFlags(), s.validation(), det.probe(), det.reader()));
                rows.add(defend(victim.model(), spec, s, picked, data.target(), config, progress,
                        listeners.forDefense(spec.name(), s), keep));
            }
            // The inference-time filters need no detection: each stands in front of the suspect model as it is.
            for (String name : config.methods().stream().filter(InputFilters::isFilter).toList()) {
                rows.add(FilterDefense.run(name, victim.model(), s, data.target(), config, progress));
            }
            ExperimentReport.DetectionReport summary = det == null ? null : summarize(det, s.train());
            return new ExperimentReport(data.name(), data.source(), data.target(), config,
                    sizes(s), victim.evaluation(), victim.seconds(), summary, rows, (System.nanoTime() - start) / 1e9);
        } finally {
            if (det != null) {
                det.dmm().close();
            }
        }
    }

    private static ExperimentReport.Sizes sizes(Splitted s) {
        return new ExperimentReport.Sizes(s.train().size(), s.train().poisonedCount(), s.fewClean().size(),
                s.validation().size(), s.testClean().size(), s.testTriggered().size());
    }

    /** DMM + MEPD on the training set with its poison flags removed: only the report's FAR/FRR reads them. */
    private static DetectionStage.Outcome detect(TextClassifier victim, Splitted s, ExperimentConfig config,
            Progress progress) {
        return DetectionStage.run(victim, s.train().withoutFlags(), s.fewClean(), s.validation(), config.dmm(),
                config.mepd(), config.victim(), config.speed(), config.seed(), progress);
    }

    private static ExperimentReport.MethodResult defend(TextClassifier victim, MethodSpec spec, Splitted s,
            Detection picked, int target, ExperimentConfig config, Progress progress, TrainListener listener,
            PurifiedModels keep) {
        Dataset flagged = picked == null || !spec.method().usesFlagged() ? s.train().withSamples("flagged", List.of())
                : FlaggedSet.samplesById(s.train(), picked.flagged().stream().map(ScoredSample::id).toList());
        progress.stage(spec.name(), "purifying with " + spec.name() + " (" + s.fewClean().size() + " clean"
                + (spec.method().usesFlagged() ? ", " + flagged.size() + " flagged" : "") + ")");
        AkdResult r = AdversarialDistiller.purify(victim, spec.method(), s.fewClean(),
                FlaggedSet.of(flagged, picked == null ? null : picked.triggerWordTexts()).scannedIn(s.train()),
                s.validation(), spec.akd(), config.speed(), config.seed(),
                progress.listener(spec.name()).andThen(listener));
        try (TextClassifier purified = r.model()) {
            Evaluation e = evaluate(purified, s, target, config, progress, spec.name());
            keep.accept(spec.name(), purified);
            boolean flags = spec.method().usesFlagged() && picked != null;
            DetectionQuality q = flags ? DetectionQuality.of(picked, s.train().poisonFlags()) : null;
            return new ExperimentReport.MethodResult(spec.name(), e, r.selectedEpoch(), r.epochs(), r.punished(),
                    r.heldOut(), r.seconds(), q, flags ? picked.gamma() : null,
                    flags ? picked.describeRule() : null, r.withinCaccTolerance(), r.classShares());
        }
    }

    private static Evaluation evaluate(TextClassifier model, Splitted s, int target, ExperimentConfig config,
            Progress progress, String label) {
        Evaluation e = ModelEvaluator.evaluate(model, s.testClean(), s.testTriggered(), s.testInserted(), target,
                config.evalBatchSize());
        progress.stage("evaluate", String.format("%s: CACC %.2f  ASR %.2f  (ASR floor %.2f)", label, e.cacc(), e.asr(),
                e.asrFloor()));
        return e;
    }

    /** The flagged samples (with texts and D* labels), in MEPD order. */
    private static ExperimentReport.DetectionReport summarize(DetectionStage.Outcome det, Dataset train) {
        Map<String, Boolean> truth = train.poisonFlags();
        ScoreHistogram histogram = ScoreHistogram.of(det.detection(), truth, HISTOGRAM_BINS, HISTOGRAM_MAX);
        return new ExperimentReport.DetectionReport(100 * det.dmmTraining().flippedAccuracy(),
                det.dmmTraining().epochs(), det.detection().gamma(),
                det.detection().describeRule(), det.detection().belowGamma(),
                det.detection().flagged().size(), PoisonEvidence.of(det.detection()),
                DetectionQuality.of(det.detection(), truth),
                DetectionQuality.auroc(det.detection(), truth), histogram.clean(), histogram.poisoned(),
                det.seconds(), TriggerCandidates.suspected(det.detection(), train, SUSPECTED_TRIGGERS),
                ScoreTable.csv(det.detection(), truth), ScoreTable.calibrationCsv(det.detection()));
    }
}
