package org.bedkd.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.bedkd.defense.Objectives;
import org.bedkd.model.DjlRuntime;
import org.bedkd.train.loss.BatchTargets;
import org.bedkd.train.loss.BoundedAscentLoss;
import org.bedkd.train.loss.CrossEntropyLoss;
import org.bedkd.train.loss.DistillationKlLoss;
import org.bedkd.train.loss.HiddenMseLoss;
import org.bedkd.train.loss.NegatedLoss;
import org.bedkd.train.loss.WeightedSumLoss;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Losses against values computed by hand. */
class LossesTest {

    private NDManager m;

    @BeforeEach
    void open() {
        m = DjlRuntime.engine().newBaseManager();
    }

    @AfterEach
    void close() {
        m.close();
    }

    private BatchTargets targets(long label, float[] teacherLogits) {
        return new BatchTargets(m.create(new long[] {label}),
                teacherLogits == null ? null : m.create(teacherLogits, new Shape(1, teacherLogits.length)), null,
                m.create(new float[] {1f}, new Shape(1, 1)));
    }

    private NDArray logits(float... v) {
        return m.create(v, new Shape(1, v.length));
    }

    private static float value(NDArray a) {
        return a.toFloatArray()[0];
    }

    @Test
    void crossEntropy() {
        // -log(e^2 / (e^2 + 1)) = log(1 + e^-2)
        assertThat(value(new CrossEntropyLoss().perSample(targets(0, null), logits(2, 0), null)))
                .isCloseTo((float) Math.log1p(Math.exp(-2)), within(1e-5f));
    }

    @Test
    void distillationKlIsTemperatureScaled() {
        // p_t = softmax([0.5, 0]); student uniform; KL = Σ p_t (log p_t − log 0.5); times T² = 4
        double pt0 = 1 / (1 + Math.exp(-0.5));
        double kl = pt0 * Math.log(pt0 / 0.5) + (1 - pt0) * Math.log((1 - pt0) / 0.5);
        float got = value(new DistillationKlLoss(2f).perSample(targets(0, new float[] {1, 0}), logits(0, 0), null));
        assertThat(got).isCloseTo((float) (4 * kl), within(1e-5f));
        assertThat(value(new DistillationKlLoss(2f).perSample(targets(0, new float[] {3, 1}), logits(3, 1), null)))
                .isCloseTo(0f, within(1e-6f));
    }

    @Test
    void hiddenMseIgnoresPaddedTokens() {
        NDArray student = m.create(new float[] {1, 1, 5, 5}, new Shape(1, 2, 2));
        BatchTargets t = new BatchTargets(m.create(new long[] {0}), null, m.zeros(new Shape(1, 2, 2)),
                m.create(new float[] {1, 0}, new Shape(1, 2)));
        // only token 0 counts: ((1-0)^2 + (1-0)^2) / (1 token * 2 dims) = 1
        assertThat(value(new HiddenMseLoss().perSample(t, logits(0, 0), student))).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void weightedSumNegationAndBound() {
        float ce = (float) Math.log1p(Math.exp(-2));
        var sum = WeightedSumLoss.of(0.3f, new CrossEntropyLoss(), 0.7f, new CrossEntropyLoss());
        assertThat(value(sum.perSample(targets(0, null), logits(2, 0), null))).isCloseTo(ce, within(1e-5f));
        assertThat(value(new NegatedLoss(new CrossEntropyLoss(), Float.POSITIVE_INFINITY)
                .perSample(targets(0, null), logits(2, 0), null))).isCloseTo(-ce, within(1e-5f));
        assertThat(value(new NegatedLoss(new CrossEntropyLoss(), 0.1f).perSample(targets(0, null), logits(2, 0), null)))
                .isCloseTo(-0.1f, within(1e-6f));
    }

    @Test
    void boundedAscentStopsOncePushedBelowThreshold() {
        BoundedAscentLoss loss = new BoundedAscentLoss(0.5f);
        // p(label 0) = 0.88 > 0.5: still pushed, value = log p = -CE
        assertThat(value(loss.perSample(targets(0, null), logits(2, 0), null)))
                .isCloseTo((float) -Math.log1p(Math.exp(-2)), within(1e-5f));
        // p(label 1) = 0.12 < 0.5: no longer pushed
        assertThat(value(loss.perSample(targets(1, null), logits(2, 0), null))).isZero();
    }

    @Test
    void paperObjectivesDeclareWhatTheyNeed() {
        assertThat(Objectives.dmm(0.3f, 1.5f).needsTeacherHidden()).isTrue();
        assertThat(Objectives.trust(0.3f, 2.5f).needsTeacherLogits()).isTrue();
        assertThat(Objectives.trust(0.3f, 2.5f).needsTeacherHidden()).isFalse();
        assertThat(Objectives.paperPunish(0.3f, 2.5f, Float.POSITIVE_INFINITY).name()).startsWith("-");
        assertThat(Objectives.crossEntropy().needsTeacherLogits()).isFalse();
    }
}
