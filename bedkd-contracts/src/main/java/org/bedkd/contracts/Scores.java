package org.bedkd.contracts;

import java.util.Map;

/**
 * Test-set metrics of one model, percent ({@code null} where the job gave no such test set).
 *
 * @param cacc clean accuracy
 * @param asr attack success rate
 * @param asrFloor non-target clean samples classified as the target
 * @param classRecall recall of each class on the clean test set, by label name: a model can pass the ASR floor by
 *     leaning away from the target class, which this shows ({@code null} without a clean test set)
 * @param triggerFlipTarget share of clean target-class test sentences whose prediction changes when the job's trigger
 *     probe is inserted ({@code null} without a probe or a target)
 * @param triggerFlipNonTarget the same for the other classes
 */
public record Scores(Double cacc, Double asr, Double asrFloor, Map<String, Double> classRecall,
        Double triggerFlipTarget, Double triggerFlipNonTarget) {

    public Scores {
        classRecall = classRecall == null ? null : Map.copyOf(classRecall);
    }

    public Scores(Double cacc, Double asr, Double asrFloor) {
        this(cacc, asr, asrFloor, null, null, null);
    }
}
