package org.bedkd.metrics;

import org.bedkd.data.Dataset;
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
        if (cleanTest.isEmpty()) {
            throw new IllegalArgumentException("clean test set is empty");
        }
        model.schema().checkLabel(target);
        int[] labels = cleanTest.labels();
        int[] predicted = model.predict(cleanTest.texts(), batchSize);
        double asr = Double.NaN;
        int triggered = 0;
        if (triggeredTest != null && !triggeredTest.isEmpty()) {
            asr = attackSuccessRate(model, triggeredTest, target, batchSize);
            triggered = triggeredTest.size();
        }
        return new Evaluation(Metrics.accuracy(predicted, labels), asr, Metrics.asrFloor(predicted, labels, target),
                labels.length, triggered, ConfusionMatrix.of(predicted, labels, model.schema().size()));
    }

    /** Share of triggered (originally non-target) samples classified as the target, percent. */
    public static double attackSuccessRate(TextClassifier model, Dataset triggeredTest, int target, int batchSize) {
        return Metrics.attackSuccessRate(model.predict(triggeredTest.texts(), batchSize), null, target);
    }
}
