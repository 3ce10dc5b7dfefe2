package org.bedkd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bedkd.data.Dataset;
import org.bedkd.data.Splits;
import org.bedkd.data.TaskData;
import org.bedkd.metrics.Metrics;
import org.bedkd.model.TextClassifier;
import org.bedkd.pipeline.Experiment;
import org.bedkd.pipeline.ModelSpec;
import org.bedkd.pipeline.Profile;
import org.bedkd.pipeline.Progress;
import org.bedkd.pipeline.TaskCatalog;
import org.bedkd.pipeline.VictimConfig;
import org.bedkd.pipeline.VictimTrainer;

/**
 * A small real backdoored model, trained once per test JVM for the tests that need one: two layers of MiniLM trained
 * on 600 rows of the embedded SST-2 BadWords slice (BadActs' triggers cf, mn, bb, tq), which learns the trigger. Tests
 * only read it (nothing may train or close it).
 *
 * @param data the demo task
 * @param model the victim
 * @param fewClean the defender's few clean samples
 * @param validation the defender's clean validation split
 */
public record DemoVictim(TaskData data, TextClassifier model, Dataset fewClean, Dataset validation) {

    public static final int BATCH = 32;
    public static final long SEED = 42;
    private static DemoVictim trained;

    public static synchronized DemoVictim get() {
        if (trained == null) {
            TaskData data = TaskCatalog.demo();
            TextClassifier victim = VictimTrainer.train(Splits.sample(data.train(), 600, SEED, "train"),
                    new VictimConfig(new ModelSpec(2, 48), 3, 1e-4f, 16), SEED, Progress.NONE);
            Experiment.DefenderData d = Experiment.defenderData(data.train(), data.cleanPool(),
                    Profile.QUICK.config().with(b -> b.cleanPerClass(60).validationRows(120).seed(SEED)));
            trained = new DemoVictim(data, victim, d.fewClean(), d.validation());
            // The attack worked, or nothing that uses it means anything.
            List<String> triggered = trained.triggered(60);
            assertThat(Metrics.attackSuccessRate(victim.predict(triggered, BATCH), null, data.target()))
                    .as("victim ASR").isGreaterThan(80);
        }
        return trained;
    }

    /** {@code n} triggered test sentences, the same each time. */
    public List<String> triggered(int n) {
        return Splits.sample(data.testTriggered(), n, SEED, "t").texts();
    }

    /** {@code n} clean test sentences, the same each time. */
    public List<String> cleanTest(int n) {
        return Splits.sample(data.testClean(), n, SEED, "c").texts();
    }
}
