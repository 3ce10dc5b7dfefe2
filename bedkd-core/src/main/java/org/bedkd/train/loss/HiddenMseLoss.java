package org.bedkd.train.loss;

import ai.djl.ndarray.NDArray;
import org.bedkd.model.Scalars;

/** Mean squared difference of last hidden states over a sample's real tokens (padding masked out). */
public final class HiddenMseLoss implements TrainingLoss {

    @Override
    public String name() {
        return "hidden-mse";
    }

    @Override
    public NDArray perSample(BatchTargets targets, NDArray logits, NDArray hidden) {
        NDArray teacher = targets.requireTeacherHidden(name());
        NDArray mask = targets.mask();
        long width = hidden.getShape().get(2);
        NDArray squared = hidden.sub(teacher).square().mul(mask.expandDims(2)).sum(new int[] {1, 2});
        return squared.div(mask.sum(new int[] {1}).mul(Scalars.of(mask, width)));
    }

    @Override
    public boolean needsTeacherHidden() {
        return true;
    }
}
