package org.bedkd.train.loss;

import ai.djl.ndarray.NDArray;

/** Softmax cross-entropy against {@link BatchTargets#labels()}. */
public final class CrossEntropyLoss implements TrainingLoss {

    @Override
    public String name() {
        return "ce";
    }

    @Override
    public NDArray perSample(BatchTargets targets, NDArray logits, NDArray hidden) {
        long classes = logits.getShape().get(1);
        NDArray oneHot = targets.labels().oneHot((int) classes);
        return logits.logSoftmax(-1).mul(oneHot).sum(new int[] {1}).neg();
    }
}
