package org.bedkd.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bedkd.data.TaskData;
import org.bedkd.model.TextClassifier;
import org.bedkd.pipeline.Experiment;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.pipeline.ExperimentReport;
import org.bedkd.pipeline.Overrides;
import org.bedkd.pipeline.Progress;

/**
 * One setting varied over several values against one trained victim — the paper's Table 3 (DMM loss terms), Table 4
 * (clean samples n_c) and our own DMM studies. The victim, the training subset and the test sets stay fixed; each point
 * re-draws the defender's clean data with the point's settings and reruns detection and the configured defenses (or
 * detection only).
 */
final class Sweep {

    /** Settings a sweep cannot vary: they would change the victim, the test sets or what is run. */
    static final Set<String> FIXED = Set.of("encoder", "layers", "maxLength", "victimEpochs", "victimLr", "trainRows",
            "testRows", "methods");

    private Sweep() {
    }

    /**
     * @param param the varied setting (an {@link Overrides} name)
     * @param values its values, in order
     * @param points one report per value: its config, the detection summary and, unless detection only, one row per
     *     method; every point carries the same victim scores
     */
    record Result(String param, List<String> values, List<ExperimentReport> points) {
    }

    /** The config of every point, checked before anything is trained. */
    static List<ExperimentConfig> configs(ExperimentConfig base, String param, List<String> values) {
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
    static Result run(TaskData data, ExperimentConfig base, String param, List<String> values, boolean detectOnly,
            Progress progress) {
        return new Result(param, List.copyOf(values),
                run(data, base, values.stream().map(v -> param + " = " + v).toList(), configs(base, param, values),
                        detectOnly, progress));
    }

    /**
     * The same for any list of configs (e.g. several settings changed at once): one victim trained with {@code base},
     * then detection and the defenses of each config, labelled for progress by {@code labels}.
     */
    static List<ExperimentReport> run(TaskData data, ExperimentConfig base, List<String> labels,
            List<ExperimentConfig> configs, boolean detectOnly, Progress progress) {
        Experiment.Splitted s = Experiment.split(data, base);
        Experiment.Victim victim = Experiment.trainVictim(data, s, base, progress);
        try (TextClassifier model = victim.model()) {
            List<ExperimentReport> points = new ArrayList<>();
            for (int i = 0; i < configs.size(); i++) {
                ExperimentConfig c = configs.get(i);
                progress.stage("sweep", labels.get(i) + " (" + (i + 1) + "/" + configs.size() + ")");
                Experiment.DefenderData d = Experiment.defenderData(data.train(), data.cleanPool(), c);
                Experiment.Splitted point = new Experiment.Splitted(s.train(), d.fewClean(), d.validation(),
                        s.testClean(), s.testTriggered(), s.testInserted());
                points.add(detectOnly ? Experiment.detectionOnly(data, point, victim, c, progress)
                        : Experiment.defendAll(data, point, victim, c, progress));
            }
            return points;
        }
    }
}
