package org.bedkd.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bedkd.cli.EpochColumn;
import org.bedkd.data.Dataset;
import org.bedkd.metrics.Metrics;
import org.bedkd.pipeline.Experiment;
import org.bedkd.pipeline.ExperimentReport;
import org.bedkd.train.TrainListener;

/**
 * {@code bench reproduce --audit-test-asr}: scores every purification epoch's model on the run's triggered test set,
 * which model selection never sees, so {@link ProxyAudit} can measure how well the defender's held-out signal tracks
 * the test ASR. Each epoch is read as selection read it (its class-1 logit shift, where AKD holds the class shares).
 * It listens to the training like any other listener; the algorithm does not know about it.
 *
 * <p>Its scoring is not training: each method's listener clocks itself and {@link #withoutAuditTime} takes that time
 * out of the method's wall time (the per-epoch times already exclude it, since they are taken before listeners run).
 * Measuring here, rather than making the training loop exclude listener time, keeps model selection, itself a
 * listener, inside the method's time.
 */
final class TestAsrAudit implements Experiment.DefenseListeners {

    /** The field of each epoch in {@code report.json} that {@link ProxyAudit} reads. */
    static final String KEY = "auditTestAsr";

    private final int target;
    private final int batchSize;
    private final Map<String, PerEpoch> byMethod = new LinkedHashMap<>();

    TestAsrAudit(int target, int batchSize) {
        this.target = target;
        this.batchSize = batchSize;
    }

    @Override
    public TrainListener forDefense(String method, Experiment.Splitted split) {
        if (split.testTriggered().isEmpty()) {
            return TrainListener.NONE;
        }
        PerEpoch audit = new PerEpoch(split.testTriggered());
        byMethod.put(method, audit);
        return audit;
    }

    /** The report with each audited method's wall time less the time its audit took. */
    ExperimentReport withoutAuditTime(ExperimentReport report) {
        return report.withMethods(report.methods().stream().map(m -> byMethod.containsKey(m.method())
                ? m.withSeconds(m.seconds() - byMethod.get(m.method()).seconds) : m).toList());
    }

    /** Each audited method's test ASR per epoch, for the run's report. */
    List<EpochColumn> columns() {
        return byMethod.entrySet().stream().map(e -> new EpochColumn(e.getKey(), KEY, "test ASR (audit only)",
                e.getValue().asr)).toList();
    }

    /** One method's audit. */
    private final class PerEpoch implements TrainListener {
        private final Dataset triggered;
        private final List<Double> asr = new ArrayList<>();
        private double seconds;

        PerEpoch(Dataset triggered) {
            this.triggered = triggered;
        }

        @Override
        public boolean onEpochEnd(EpochEvent epoch) {
            long start = System.nanoTime();
            int[] predicted = epoch.logitShift().predict(epoch.model().probabilities(triggered.texts(), batchSize));
            asr.add(Metrics.attackSuccessRate(predicted, null, target));
            seconds += (System.nanoTime() - start) / 1e9;
            return true;
        }
    }
}
