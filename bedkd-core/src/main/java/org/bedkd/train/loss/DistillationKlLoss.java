package org.bedkd.train.loss;

import ai.djl.ndarray.NDArray;
import org.bedkd.model.Scalars;

/**
 * Knowledge-distillation loss T² · KL(softmax(z_teacher / T) ‖ softmax(z_student / T)); the T² factor keeps gradient
 * magnitudes comparable across temperatures (Hinton et al.).
 *
 * @param temperature T
 */
public record DistillationKlLoss(float temperature) implements TrainingLoss {

    public DistillationKlLoss {
        if (temperature <= 0) {
            throw new IllegalArgumentException("temperature must be positive");
        }
    }

    @Override
    public String name() {
        return "kl(T=" + temperature + ")";
    }

    @Override
    public NDArray perSample(BatchTargets targets, NDArray logits, NDArray hidden) {
        NDArray teacher = targets.requireTeacherLogits(name());
        NDArray teacherLog = teacher.div(Scalars.of(teacher, temperature)).logSoftmax(-1);
        NDArray studentLog = logits.div(Scalars.of(logits, temperature)).logSoftmax(-1);
        return teacherLog.exp().mul(teacherLog.sub(studentLog)).sum(new int[] {1})
                .mul(Scalars.of(logits, temperature * temperature));
    }

    @Override
    public boolean needsTeacherLogits() {
        return true;
    }
}
