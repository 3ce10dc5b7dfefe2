package org.bedkd.train.loss;

import ai.djl.ndarray.NDArray;
import org.bedkd.model.Scalars;
import java.util.List;
import java.util.stream.Collectors;

/** Σ w_k · loss_k, per sample. */
public final class WeightedSumLoss implements TrainingLoss {

    /** One weighted component. */
    public record Term(float weight, TrainingLoss loss) {
    }

    private final List<Term> terms;

    public WeightedSumLoss(List<Term> terms) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a weighted sum needs at least one term");
        }
        this.terms = List.copyOf(terms);
    }

    public static WeightedSumLoss of(float w1, TrainingLoss l1, float w2, TrainingLoss l2) {
        return new WeightedSumLoss(List.of(new Term(w1, l1), new Term(w2, l2)));
    }

    @Override
    public String name() {
        return terms.stream().map(t -> t.weight() + "*" + t.loss().name()).collect(Collectors.joining(" + "));
    }

    @Override
    public NDArray perSample(BatchTargets targets, NDArray logits, NDArray hidden) {
        NDArray sum = null;
        for (Term t : terms) {
            if (t.weight() == 0f) {
                continue;
            }
            NDArray part = t.loss().perSample(targets, logits, hidden);
            part = part.mul(Scalars.of(part, t.weight()));
            sum = sum == null ? part : sum.add(part);
        }
        return sum != null ? sum : logits.getManager().zeros(new ai.djl.ndarray.types.Shape(logits.getShape().get(0)));
    }

    @Override
    public boolean needsTeacherLogits() {
        return terms.stream().anyMatch(t -> t.weight() != 0f && t.loss().needsTeacherLogits());
    }

    @Override
    public boolean needsTeacherHidden() {
        return terms.stream().anyMatch(t -> t.weight() != 0f && t.loss().needsTeacherHidden());
    }
}
