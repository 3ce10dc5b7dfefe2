package org.bedkd.metrics;

import org.bedkd.data.Dataset;
import org.bedkd.data.LabelSchema;
import org.bedkd.model.TextClassifier;

/** Runs a classifier over test sets and computes CACC, ASR and the ASR floor. */
public final class ModelEvaluator {

    private ModelEvaluator() {
    }

    /**
     * @param cleanTest clean test samples with true labels
     * @param triggeredTest triggered test samples (all originally non-target), or {@code null}
     * @param target the attacker's target class
     */
    public static Evaluation evaluate(TextClassifier model, Dataset cleanTest, Dataset triggeredTest, int target,
            int batchSize) {
        return evaluate(model, cleanTest, triggeredTest, null, target, batchSize);
    }

    /**
     * As above, and the trigger's effect on every clean sentence when {@code inserted} is given: {@code cleanTest}
     * with the trigger inserted into each row, row for row, labels unchanged.
     */
    public static Evaluation evaluate(TextClassifier model, Dataset cleanTest, Dataset triggeredTest, Dataset inserted,
            int target, int batchSize) {
        // Nothing trains while a model is evaluated: its bf16 weights are cast once for all the test sets.
        try (var frozen = model.frozenForInference()) {
            return evaluate(texts -> model.predict(texts, batchSize), model.schema(), cleanTest, triggeredTest,
                    inserted, target);
        }
    }

    /** As above, with whatever answers: a model behind an inference-time filter, say (refusals count as errors). */
    public static Evaluation evaluate(Predictor predictor, LabelSchema schema, Dataset cleanTest,
            Dataset triggeredTest, Dataset inserted, int target) {
        if (cleanTest.isEmpty()) {
            throw new IllegalArgumentException("clean test set is empty");
        }
        schema.checkLabel(target);
        int[] labels = cleanTest.labels();
        int[] predicted = predictor.predict(cleanTest.texts());
        double asr = Double.NaN;
        int triggered = 0;
        if (triggeredTest != null && !triggeredTest.isEmpty()) {
            asr = Metrics.attackSuccessRate(predictor.predict(triggeredTest.texts()), null, target);
            triggered = triggeredTest.size();
        }
        double flipTarget = Double.NaN;
        double flipNonTarget = Double.NaN;
        if (inserted != null) {
            if (inserted.size() != cleanTest.size()) {
                throw new IllegalArgumentException("the trigger-inserted copy of the clean test set is not row-aligned");
            }
            int[] withTrigger = predictor.predict(inserted.texts());
            flipTarget = Metrics.flipRate(predicted, withTrigger, labels, c -> c == target);
            flipNonTarget = Metrics.flipRate(predicted, withTrigger, labels, c -> c != target);
        }
        return new Evaluation(Metrics.accuracy(predicted, labels), asr, Metrics.asrFloor(predicted, labels, target),
                labels.length, triggered, ConfusionMatrix.of(predicted, labels, schema.size()), flipTarget,
                flipNonTarget);
    }
}
