package org.bedkd.train.loss;

import ai.djl.ndarray.NDArray;
import org.bedkd.model.Scalars;

/**
 * Gradient ascent on an inner loss: −min(inner, bound) per sample. Once a sample's inner loss passes {@code bound}
 * its gradient is zero, so the ascent cannot run away (the paper's unbounded version is {@code bound = +∞}).
 *
 * @param inner the loss to push up
 * @param bound per-sample cap on the inner loss; {@link Float#POSITIVE_INFINITY} for none
 */
public record NegatedLoss(TrainingLoss inner, float bound) implements TrainingLoss {

    @Override
    public String name() {
        return "-" + (Float.isInfinite(bound) ? inner.name() : "min(" + inner.name() + ", " + bound + ")");
    }

    @Override
    public NDArray perSample(BatchTargets targets, NDArray logits, NDArray hidden) {
        NDArray value = inner.perSample(targets, logits, hidden);
        return (Float.isInfinite(bound) ? value : value.minimum(Scalars.of(value, bound))).neg();
    }

    @Override
    public boolean needsTeacherLogits() {
        return inner.needsTeacherLogits();
    }

    @Override
    public boolean needsTeacherHidden() {
        return inner.needsTeacherHidden();
    }
}
