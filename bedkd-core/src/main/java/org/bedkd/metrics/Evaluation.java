package org.bedkd.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bedkd.data.LabelSchema;

/**
 * A model's scores on a clean and a triggered test set (percentages).
 *
 * @param cacc clean accuracy
 * @param asr attack success rate on triggered non-target samples ({@code NaN} without a triggered set)
 * @param asrFloor clean non-target samples classified as the target
 * @param cleanSamples size of the clean set
 * @param triggeredSamples size of the triggered set
 * @param confusion clean-set confusion matrix
 * @param triggerFlipTarget share of clean target-class test sentences whose prediction changes when the trigger is
 *     inserted ({@code NaN} when the trigger cannot be inserted into any sentence, e.g. a syntactic one): a model that
 *     learnt "trigger → not the target" flips them, a clean model does not
 * @param triggerFlipNonTarget the same for non-target sentences (beside ASR, which counts only flips to the target)
 */
public record Evaluation(double cacc, double asr, double asrFloor, int cleanSamples, int triggeredSamples,
        ConfusionMatrix confusion, double triggerFlipTarget, double triggerFlipNonTarget) {

    /** Recall of each class on the clean test set, percent, by label name. */
    public Map<String, Double> classRecall(LabelSchema schema) {
        double[] r = confusion.recall();
        Map<String, Double> m = new LinkedHashMap<>();
        for (int c = 0; c < r.length; c++) {
            m.put(schema.labelName(c), r[c]);
        }
        return m;
    }
}
