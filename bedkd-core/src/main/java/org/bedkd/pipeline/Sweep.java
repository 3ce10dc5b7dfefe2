package org.bedkd.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bedkd.data.TaskData;
import org.bedkd.model.TextClassifier;

/**
 * One setting varied over several values against one trained victim — the paper's Table 3 (DMM loss terms), Table 4
 * (clean samples n_c) and our own DMM studies. The victim, the training subset and the test sets stay fixed; each point
 * re-draws the defender's clean data with the point's settings and reruns detection and the configured defenses (or
 * detection only).
 */
public final class Sweep {

    /** Settings a sweep cannot vary: they would change the victim, the test sets or what is run. */
    public static final Set<String> FIXED = Set.of("trainRows", "testRows", "victimEpochs", "methods");

    private Sweep() {
    }

    /**
     * @param param the varied setting (an {@link Overrides} name)
     * @param values its values, in order
     * @param points one report per value: its config, the detection summary and, unless detection only, one row per
     *     method; every point carries the same victim scores
     */
    public record Result(String param, List<String> values, List<ExperimentReport> points) {
    }

    /** The config of every point, checked before anything is trained. */
    public static List<ExperimentConfig> configs(ExperimentConfig base, String param, List<String> values) {
        if (FIXED.contains(param)) {
            throw new IllegalArgumentException("a sweep cannot vary '" + param + "' (it would change the victim, the"
                    + " test sets or the methods); run separate cells instead");
        }
        if (!Overrides.NAMES.contains(param)) {
            throw new IllegalArgumentException("unknown setting '" + param + "'; known: "
                    + Overrides.NAMES.stream().filter(n -> !FIXED.contains(n)).sorted().toList());
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one value of " + param);
        }
        return values.stream().map(v -> Overrides.apply(base, Map.of(param, v))).toList();
    }

    /**
     * @param detectOnly train the DMM and score by MEPD only (FAR, FRR, AUROC); no purification
     */
    public static Result run(TaskData data, ExperimentConfig base, String param, List<String> values,
            boolean detectOnly, Progress progress) {
        return new Result(param, List.copyOf(values),
                run(data, base, values.stream().map(v -> param + " = " + v).toList(), configs(base, param, values),
                        detectOnly, progress));
    }

    /**
     * The same for any list of configs (e.g. several settings changed at once): one victim trained with {@code base},
     * then detection and the defenses of each config, labelled for progress by {@code labels}.
     */
    public static List<ExperimentReport> run(TaskData data, ExperimentConfig base, List<String> labels,
            List<ExperimentConfig> configs, boolean detectOnly, Progress progress) {
        Experiment.Splitted s = Experiment.split(data, base);
        long victimStart = System.nanoTime();
        try (TextClassifier model = VictimTrainer.train(s.train(), base.victim(), base.seed(), progress)) {
            double victimSeconds = (System.nanoTime() - victimStart) / 1e9;
            Experiment.Victim victim = new Experiment.Victim(model,
                    Experiment.evaluate(model, s, data.target(), base, progress, "none"), victimSeconds);
            List<ExperimentReport> points = new ArrayList<>();
            for (int i = 0; i < configs.size(); i++) {
                ExperimentConfig c = configs.get(i);
                progress.stage("sweep", labels.get(i) + " (" + (i + 1) + "/" + configs.size() + ")");
                Experiment.DefenderData d = Experiment.defenderData(data.train(), data.cleanPool(), c);
                Experiment.Splitted point = new Experiment.Splitted(s.train(), d.fewClean(), d.validation(),
                        s.testClean(), s.testTriggered());
                points.add(detectOnly ? detectionOnly(data, point, victim, c, progress)
                        : Experiment.defendAll(data, point, victim, c, progress, System.nanoTime(), false,
                                Experiment.PurifiedModels.NONE));
            }
            return points;
        }
    }

    private static ExperimentReport detectionOnly(TaskData data, Experiment.Splitted s, Experiment.Victim victim,
            ExperimentConfig config, Progress progress) {
        long start = System.nanoTime();
        DetectionStage.Outcome det = Experiment.detect(victim.model(), s, config, progress);
        try {
            ExperimentReport.DetectionReport summary = Experiment.summarize(det, s.train());
            return new ExperimentReport(data.name(), data.source(), data.target(), config,
                    Experiment.sizes(s), victim.evaluation(), victim.seconds(), summary, List.of(), (System.nanoTime() - start) / 1e9);
        } finally {
            det.dmm().close();
        }
    }
}
