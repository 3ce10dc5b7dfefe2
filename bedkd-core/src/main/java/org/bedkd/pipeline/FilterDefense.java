package org.bedkd.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.bedkd.defense.filter.InputFilter;
import org.bedkd.defense.filter.InputFilters;
import org.bedkd.defense.filter.Screened;
import org.bedkd.metrics.Evaluation;
import org.bedkd.metrics.Metrics;
import org.bedkd.metrics.ModelEvaluator;
import org.bedkd.metrics.Predictor;
import org.bedkd.model.TextClassifier;

/**
 * An inference-time filter as a row beside the training-time defenses: fitted on the defender's clean data, then the
 * suspect model behind it on the same test sets, with what the filter costs per input and what it refused.
 */
final class FilterDefense {

    private FilterDefense() {
    }

    static ExperimentReport.MethodResult run(String name, TextClassifier suspect, Experiment.Splitted s, int target,
            ExperimentConfig config, Progress progress) {
        long start = System.nanoTime();
        int batch = config.evalBatchSize();
        progress.stage(name, "fitting the " + name + " filter on " + s.fewClean().size() + " clean and "
                + s.validation().size() + " validation samples");
        InputFilter filter = InputFilters.fit(name, suspect, s.fewClean(), s.validation(),
                config.akd().caccTolerance(), config.seed(), batch);
        double fitSeconds = (System.nanoTime() - start) / 1e9;
        double plainValidation = Metrics.accuracy(suspect.predict(s.validation().texts(), batch),
                s.validation().labels());
        double filteredValidation = Metrics.accuracy(filter.in(suspect, batch).predict(s.validation().texts()),
                s.validation().labels());

        long plain = System.nanoTime();
        suspect.predict(s.testClean().texts(), batch);
        double modelMs = (System.nanoTime() - plain) / 1e6 / s.testClean().size();

        Timed timed = new Timed(filter, suspect, batch);
        Evaluation e = ModelEvaluator.evaluate(timed, suspect.schema(), s.testClean(), s.testTriggered(),
                s.testInserted(), target);
        progress.stage(name, String.format(java.util.Locale.ROOT, "%s (%s): CACC %.2f  ASR %.2f  (ASR floor %.2f)",
                filter.name(), filter.describe(), e.cacc(), e.asr(), e.asrFloor()));
        Timed.Call clean = timed.calls.get(0);
        Timed.Call triggered = timed.calls.size() > 1 && s.testTriggered() != null
                && !s.testTriggered().isEmpty() ? timed.calls.get(1) : null;
        ExperimentReport.FilterCost cost = new ExperimentReport.FilterCost(filter.describe(), fitSeconds,
                timed.filterNanos / 1e6 / timed.inputs, modelMs, clean.refusedPercent(),
                triggered == null ? Double.NaN : triggered.refusedPercent());
        return new ExperimentReport.MethodResult(filter.name(), e, 0, List.of(), 0, 0,
                (System.nanoTime() - start) / 1e9, null, null, null,
                filteredValidation >= plainValidation - config.akd().caccTolerance(), cost, null);
    }

    /** The filtered model as a predictor that keeps the filter's time apart and counts refusals per test set. */
    private static final class Timed implements Predictor {

        record Call(int inputs, int refused) {
            double refusedPercent() {
                return inputs == 0 ? Double.NaN : 100.0 * refused / inputs;
            }
        }

        private final InputFilter filter;
        private final TextClassifier model;
        private final int batch;
        private final List<Call> calls = new ArrayList<>();
        private long filterNanos;
        private long inputs;

        Timed(InputFilter filter, TextClassifier model, int batch) {
            this.filter = filter;
            this.model = model;
            this.batch = batch;
        }

        @Override
        public int[] predict(List<String> texts) {
            long t = System.nanoTime();
            List<Screened> screened = filter.screen(model, texts);
            filterNanos += System.nanoTime() - t;
            inputs += texts.size();
            calls.add(new Call(texts.size(), (int) screened.stream().filter(Screened::rejected).count()));
            return InputFilter.answers(model, screened, batch);
        }
    }
}
