package org.bedkd.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * The bf16 kernel's own dropout (masks from draws made in Java instead of libtorch's bernoulli_), its attention with
 * dropout against the same attention without, and its frozen inference path against the trainable one. (The
 * attention is written out on a CPU, not SDPA's flash kernel; {@link Bf16ParityTest} holds both against fp32.)
 */
class Bf16KernelTest {

    private static final int N = 200_000;

    @Test
    void dropoutKeepsOneMinusPScaledSoTheExpectationHoldsAndItsGradientIsTheMask() {
        try (NDManager m = DjlRuntime.engine().newBaseManager(DjlRuntime.device())) {
            NDArray x = m.ones(new Shape(N)).mul(2f);
            x.setRequiresGradient(true);
            NDArray out;
            try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                out = Bf16LayerKernel.get().dropout(x, 0.1f);
                gc.backward(out.sum());
            }
            float[] y = out.toFloatArray();
            float[] grad = x.getGradient().toFloatArray();
            double keepScale = 1 / 0.9;
            int kept = 0;
            for (int i = 0; i < N; i++) {
                if (y[i] != 0) {
                    kept++;
                    assertThat((double) y[i]).isCloseTo(2 * keepScale, within(1e-5));
                    assertThat((double) grad[i]).isCloseTo(keepScale, within(1e-5));
                } else {
                    assertThat(grad[i]).isZero();
                }
            }
            // Binomial(200,000, 0.9): standard deviation 134 samples; 5 of them either side.
            assertThat(kept).isBetween(180_000 - 670, 180_000 + 670);
            assertThat(out.mean().getFloat()).isCloseTo(2f, within(0.01f));
            // A fresh mask each call: two draws agree on about 0.82 of the elements, not all.
            float[] again = Bf16LayerKernel.get().dropout(x, 0.1f).toFloatArray();
            int same = 0;
            for (int i = 0; i < N; i++) {
                same += (y[i] == 0) == (again[i] == 0) ? 1 : 0;
            }
            assertThat(same).isLessThan(N - 20_000);
            // Seeded through the engine, the same masks again.
            m.getEngine().setRandomSeed(3);
            float[] first = Bf16LayerKernel.get().dropout(x, 0.1f).toFloatArray();
            m.getEngine().setRandomSeed(3);
            assertThat(Bf16LayerKernel.get().dropout(x, 0.1f).toFloatArray()).isEqualTo(first);
        }
    }

    @Test
    void attentionWithDropoutComputesWhatItComputesWithoutWhenNothingIsDropped() {
        try (NDManager m = DjlRuntime.engine().newBaseManager(DjlRuntime.device())) {
            m.getEngine().setRandomSeed(5);
            int hidden = 64;
            int ffn = 128;
            NDArray x = m.randomNormal(new Shape(3, 10, hidden));
            // The last 3 positions of the second sentence are padding.
            float[] mask = new float[3 * 10];
            for (int j = 7; j < 10; j++) {
                mask[10 + j] = -10000f;
            }
            NDArray bias = m.create(mask, new Shape(3, 1, 1, 10));
            NDList weights = new NDList();
            long[][] shapes = layerShapes(hidden, ffn);
            for (int i = 0; i < shapes.length; i++) {
                NDArray w = shapes[i].length == 1 && (i == 8 || i == 14) ? m.ones(new Shape(shapes[i]))
                        : m.randomNormal(0, 0.1f, new Shape(shapes[i]), ai.djl.ndarray.types.DataType.FLOAT32);
                w.setName("w" + i);
                w.setRequiresGradient(true);
                weights.add(w);
            }
            // p = 1e-9: the dropout path runs and (almost surely) keeps everything.
            float[][] plain = run(m, x, bias, weights, 0f);
            float[][] withDropout = run(m, x, bias, weights, 1e-9f);
            for (int i = 0; i < plain.length; i++) {
                double cos = cosine(plain[i], withDropout[i]);
                assertThat(cos).as(i == 0 ? "output" : "gradient of weight " + (i - 1)).isGreaterThan(
                        i == 4 ? -1.0 : 0.999); // 4: the key bias, whose true gradient is 0 (rounding noise only)
            }
        }
    }

    /**
     * The layer masks without rescaling and folds 1 / (1 - p) into the projection before each dropout; checked with
     * draws that keep everything (p = 0.5: the same as no dropout with that projection's weights doubled, which is
     * exact in bf16) and draws that drop everything (the same as that projection's weights zeroed).
     */
    @Test
    void dropoutRescalesThroughTheProjectionBeforeItAndMasksWhereItShould() {
        try (NDManager m = DjlRuntime.engine().newBaseManager(DjlRuntime.device())) {
            m.getEngine().setRandomSeed(7);
            int hidden = 64;
            int ffn = 128;
            long batch = 2;
            long seq = 6;
            NDArray x = m.randomNormal(new Shape(batch, seq, hidden));
            NDArray bias = m.zeros(new Shape(batch, 1, 1, seq));
            NDList w = layerWeights(m, hidden, ffn);
            Bf16LayerKernel kernel = Bf16LayerKernel.get();
            long attentionDraws = batch * 4 * seq * seq;
            long hiddenDraws = batch * seq * hidden;
            NDArray none = m.create(new int[0]);
            // Attention dropout alone: value's weight and bias (4, 5) carry the scale, or are gone.
            NDArray keepAll = kernel.forward(x, bias, w, training(m, 0.5f, 0f), draws(m, attentionDraws, Integer.MAX_VALUE));
            assertThat(maxDiff(keepAll, kernel.forward(x, bias, times(w, 2f, 4, 5), training(m, 0f, 0f), none)))
                    .isLessThan(1e-5f);
            NDArray dropAll = kernel.forward(x, bias, w, training(m, 0.5f, 0f), draws(m, attentionDraws, Integer.MIN_VALUE));
            assertThat(maxDiff(dropAll, kernel.forward(x, bias, times(w, 0f, 4, 5), training(m, 0f, 0f), none)))
                    .isLessThan(1e-5f);
            // Hidden dropout alone: both output projections (6, 7 and 12, 13).
            keepAll = kernel.forward(x, bias, w, training(m, 0f, 0.5f), draws(m, 2 * hiddenDraws, Integer.MAX_VALUE));
            assertThat(maxDiff(keepAll, kernel.forward(x, bias, times(w, 2f, 6, 7, 12, 13), training(m, 0f, 0f),
                    none))).isLessThan(1e-5f);
            // Keeping nothing of each output: the layer is LayerNorm(LayerNorm(x)), as with those weights zeroed.
            dropAll = kernel.forward(x, bias, w, training(m, 0f, 0.5f), draws(m, 2 * hiddenDraws, Integer.MIN_VALUE));
            assertThat(maxDiff(dropAll, kernel.forward(x, bias, times(w, 0f, 6, 7, 12, 13), training(m, 0f, 0f),
                    none))).isLessThan(1e-5f);
        }
    }

    /** {@code count} draws of {@code value}: the largest keeps every element, the smallest drops every one. */
    private static NDArray draws(NDManager m, long count, int value) {
        int[] d = new int[Math.toIntExact(count)];
        java.util.Arrays.fill(d, value);
        return m.create(d);
    }

    private static NDArray training(NDManager m, float attentionDropout, float hiddenDropout) {
        return m.create(new float[] {4, attentionDropout, hiddenDropout, 1e-12f, 0, 1});
    }

    /** {@code w} with the weights at {@code indices} multiplied by {@code factor}. */
    private static NDList times(NDList w, float factor, int... indices) {
        NDList out = new NDList();
        for (int i = 0; i < w.size(); i++) {
            final int index = i;
            out.add(java.util.Arrays.stream(indices).anyMatch(j -> j == index) ? w.get(i).mul(factor) : w.get(i));
        }
        return out;
    }

    private static float maxDiff(NDArray a, NDArray b) {
        assertThat(a.getShape()).isEqualTo(b.getShape());
        return a.sub(b).abs().max().getFloat();
    }

    @Test
    void frozenForwardPackedOrPlainComputesWhatTheTrainableLayerComputesFromWeightsPreparedEitherWay() {
        try (NDManager m = DjlRuntime.engine().newBaseManager(DjlRuntime.device())) {
            m.getEngine().setRandomSeed(6);
            int hidden = 64;
            int ffn = 128;
            NDArray x = m.randomNormal(new Shape(3, 10, hidden));
            float[] mask = new float[3 * 10];
            for (int j = 6; j < 10; j++) {
                mask[20 + j] = -10000f; // the third sentence's last 4 positions are padding
            }
            NDArray bias = m.create(mask, new Shape(3, 1, 1, 10));
            NDList w = layerWeights(m, hidden, ffn);
            Bf16LayerKernel kernel = Bf16LayerKernel.get();
            NDArray reference = kernel.forward(x, bias, w, m.create(new float[] {4, 0, 0, 1e-12f, 0, 0}),
                    m.create(new int[0]));
            // The frozen path takes the query already scaled by 1 / sqrt(d) (TransformerLayer.freeze): d = 64 / 4.
            NDArray qkv = ai.djl.ndarray.NDArrays.concat(new NDList(w.get(0).mul(0.25f), w.get(2), w.get(4)), 0);
            NDArray qkvBias = ai.djl.ndarray.NDArrays.concat(new NDList(w.get(1).mul(0.25f), w.get(3), w.get(5)), 0);
            // Prepacking is for a CPU's oneDNN; a GPU runs the plain branch only.
            boolean[] branches = kernel.packsOn(m.getDevice()) ? new boolean[] {true, false} : new boolean[] {false};
            for (boolean packed : branches) {
                java.util.function.Function<NDArray, NDArray> prepare = a -> packed ? kernel.pack(a, m)
                        : kernel.toBf16(a, m);
                NDList frozen = new NDList(prepare.apply(qkv), kernel.toBf16(qkvBias, m), prepare.apply(w.get(6)),
                        kernel.toBf16(w.get(7), m), w.get(8), w.get(9), prepare.apply(w.get(10)),
                        kernel.toBf16(w.get(11), m), prepare.apply(w.get(12)), kernel.toBf16(w.get(13), m), w.get(14),
                        w.get(15));
                NDArray out = kernel.frozenForward(x, bias, frozen,
                        m.create(new float[] {4, 1e-12f, 0, packed ? 1 : 0}));
                assertThat(out.getShape()).isEqualTo(reference.getShape());
                float worst = out.sub(reference).abs().max().getFloat();
                assertThat(worst).as(packed ? "prepacked for oneDNN" : "plain bf16 weights (a GPU's path)")
                        .isLessThan(0.05f);
                assertThat(cosine(out.toFloatArray(), reference.toFloatArray())).isGreaterThan(0.9999);
                // freezeLayer (one script call per layer, what TransformerLayer.freeze uses) prepares exactly this.
                NDList oneCall = kernel.freezeLayer(new NDList(w.get(0), w.get(1), w.get(2), w.get(3), w.get(4),
                        w.get(5), w.get(6), w.get(7), w.get(10), w.get(11), w.get(12), w.get(13)), 0.25f, packed, m);
                NDList layer = new NDList(oneCall.subNDList(0, 4));
                layer.addAll(new NDList(w.get(8), w.get(9)));
                layer.addAll(oneCall.subNDList(4, 8));
                layer.addAll(new NDList(w.get(14), w.get(15)));
                NDArray viaOneCall = kernel.frozenForward(x, bias, layer,
                        m.create(new float[] {4, 1e-12f, 0, packed ? 1 : 0}));
                assertThat(viaOneCall.toFloatArray()).as("one call per layer, " + (packed ? "packed" : "plain"))
                        .containsExactly(out.toFloatArray());
            }
        }
    }

    /** Random weights for the layer in the kernel's order, small noise, the LayerNorm gains near 1. */
    private static NDList layerWeights(NDManager m, int hidden, int ffn) {
        long[][] shapes = layerShapes(hidden, ffn);
        NDList w = new NDList();
        for (int i = 0; i < shapes.length; i++) {
            NDArray noise = m.randomNormal(0, 0.1f, new Shape(shapes[i]), ai.djl.ndarray.types.DataType.FLOAT32);
            w.add(i == 8 || i == 14 ? noise.add(1f) : noise);
        }
        return w;
    }

    /** The shapes of the layer's weights in the kernel's order (Linear weight then bias, LayerNorm gamma then beta). */
    private static long[][] layerShapes(int hidden, int ffn) {
        return new long[][] {{hidden, hidden}, {hidden}, {hidden, hidden}, {hidden}, {hidden, hidden}, {hidden},
            {hidden, hidden}, {hidden}, {hidden}, {hidden}, {ffn, hidden}, {ffn}, {hidden, ffn}, {hidden}, {hidden},
            {hidden}};
    }

    /** The layer's output and each weight's gradient of the sum of squared outputs, in training mode. */
    private static float[][] run(NDManager m, NDArray x, NDArray bias, NDList weights, float attentionDropout) {
        try (NDManager scope = m.newSubManager()) {
            NDArray settings = scope.create(new float[] {4, attentionDropout, 0, 1e-12f, 0, 1});
            float[][] out = new float[weights.size() + 1][];
            try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                long draws = attentionDropout > 0 ? x.getShape().get(0) * 4 * 10 * 10 : 0;
                NDArray y = Bf16LayerKernel.get().forward(x, bias, weights, settings,
                        Bf16LayerKernel.draws(scope, draws));
                out[0] = y.toFloatArray();
                gc.backward(y.square().mean());
            }
            for (int i = 0; i < weights.size(); i++) {
                NDArray g = weights.get(i).getGradient();
                out[i + 1] = g.toFloatArray();
                g.subi(g);
            }
            return out;
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 && nb == 0 ? 1 : dot / Math.sqrt(na * nb);
    }
}
