package org.bedkd.defense;

import org.bedkd.train.loss.CrossEntropyLoss;
import org.bedkd.train.loss.DistillationKlLoss;
import org.bedkd.train.loss.HiddenMseLoss;
import org.bedkd.train.loss.NegatedLoss;
import org.bedkd.train.loss.TrainingLoss;
import org.bedkd.train.loss.WeightedSumLoss;

/** The paper's objectives, composed from the loss building blocks. */
public final class Objectives {

    private Objectives() {
    }

    /** Plain cross-entropy: victim training and fine-tuning. */
    public static TrainingLoss crossEntropy() {
        return new CrossEntropyLoss();
    }

    /** L_DMM = α·CE(flipped labels) + (1 − α)·[T²·KL(teacher ‖ DMM) + MSE(last hidden states)]. */
    public static TrainingLoss dmm(float alpha, float temperature) {
        TrainingLoss soft = WeightedSumLoss.of(1f, new DistillationKlLoss(temperature), 1f, new HiddenMseLoss());
        return WeightedSumLoss.of(alpha, new CrossEntropyLoss(), 1f - alpha, soft);
    }

    /** Trust distillation: λ·CE(y) + (1 − λ)·T²·KL(teacher ‖ student). */
    public static TrainingLoss trust(float lambda, float temperature) {
        return WeightedSumLoss.of(lambda, new CrossEntropyLoss(), 1f - lambda, new DistillationKlLoss(temperature));
    }

    /** The paper's punish distillation: −[λ·CE(y_target) + (1 − λ)·T²·KL], capped per sample at {@code bound}. */
    public static TrainingLoss paperPunish(float lambda, float temperature, float bound) {
        return new NegatedLoss(trust(lambda, temperature), bound);
    }
}
