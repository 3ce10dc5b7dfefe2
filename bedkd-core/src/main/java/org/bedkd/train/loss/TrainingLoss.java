package org.bedkd.train.loss;

import ai.djl.ndarray.NDArray;

/** A training objective, evaluated per sample so that composites can weight, bound or negate each sample's value. */
public interface TrainingLoss {

    /** Short name for logs and reports. */
    String name();

    /**
     * The loss of each sample of the batch, float32 [B].
     *
     * @param targets labels, teacher outputs and mask
     * @param logits student logits [B, C]
     * @param hidden student last hidden states [B, S, H]
     */
    NDArray perSample(BatchTargets targets, NDArray logits, NDArray hidden);

    /** Whether the phase must provide cached teacher logits. */
    default boolean needsTeacherLogits() {
        return false;
    }

    /** Whether the phase must provide cached teacher hidden states. */
    default boolean needsTeacherHidden() {
        return false;
    }
}
