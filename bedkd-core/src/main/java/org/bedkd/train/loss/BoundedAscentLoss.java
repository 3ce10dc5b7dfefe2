package org.bedkd.train.loss;

import ai.djl.ndarray.NDArray;
import org.bedkd.model.Scalars;

/**
 * Pushes a sample away from {@link BatchTargets#labels()} (the backdoor target) only while the student still gives
 * that label more than {@code threshold} probability: −CE · [p(label) &gt; threshold]. Samples already pushed below
 * the threshold stop contributing, so the objective is bounded and cannot over-correct.
 *
 * @param threshold probability above which a sample is still pushed (1/C is "no longer preferred")
 */
public record BoundedAscentLoss(float threshold) implements TrainingLoss {

    @Override
    public String name() {
        return "-ce[p>" + threshold + "]";
    }

    @Override
    public NDArray perSample(BatchTargets targets, NDArray logits, NDArray hidden) {
        NDArray oneHot = targets.labels().oneHot((int) logits.getShape().get(1));
        NDArray logProb = logits.logSoftmax(-1).mul(oneHot).sum(new int[] {1});
        NDArray active = logProb.stopGradient().exp().gt(Scalars.of(logProb, threshold)).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        return logProb.mul(active);
    }
}
