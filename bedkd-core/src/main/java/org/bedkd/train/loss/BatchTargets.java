package org.bedkd.train.loss;

import ai.djl.ndarray.NDArray;

/**
 * What a loss may compare the student with, for one batch. Teacher outputs are {@code null} when the phase did not
 * ask for them.
 *
 * @param labels target class per sample, int64 [B]
 * @param teacherLogits frozen teacher's logits [B, C], or {@code null}
 * @param teacherHidden frozen teacher's last hidden states [B, S, H] (zero-padded), or {@code null}
 * @param mask attention mask [B, S] as float32 (1 = real token)
 */
public record BatchTargets(NDArray labels, NDArray teacherLogits, NDArray teacherHidden, NDArray mask) {

    public NDArray requireTeacherLogits(String loss) {
        if (teacherLogits == null) {
            throw new IllegalStateException(loss + " needs teacher logits; build the phase's training set with a teacher");
        }
        return teacherLogits;
    }

    public NDArray requireTeacherHidden(String loss) {
        if (teacherHidden == null) {
            throw new IllegalStateException(loss + " needs teacher hidden states; build the training set with them");
        }
        return teacherHidden;
    }
}
