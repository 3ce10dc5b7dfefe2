package org.bedkd.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.bedkd.TestModels;
import org.bedkd.data.LabelSchema;
import org.junit.jupiter.api.Test;

/**
 * The bf16 layer computes what the float32 layer computes, to bf16's precision: the same model's logits and hidden
 * states in both, and the gradients of one loss, which must reach every parameter through the casts.
 */
class Bf16ParityTest {

    private static final List<String> TEXTS = List.of("a gorgeous , witty , seductive movie .",
            "the film is strictly routine cf and the plot is painfully predictable",
            "I watch this 3D movie", "an utterly charming and hilarious film that reminded me why I love movies",
            "bad", "it 's a mess , but a fun mess , which is more than most summer movies can claim .");

    @Test
    void bf16ForwardMatchesFloat32WithinBf16Precision() {
        try (TextClassifier model = TestModels.miniLm(6, 64, LabelSchema.SST2, 7);
                NDManager manager = model.model().getNDManager().newSubManager()) {
            NDList inputs = model.inputs(manager, model.tokenizer().encode(TEXTS), new int[] {0, 1, 2, 3, 4, 5});
            NDList fp32 = model.setPrecision(Precision.FP32).forward(new ParameterStore(manager, false), inputs, false);
            NDList bf16 = model.setPrecision(Precision.BF16).forward(new ParameterStore(manager, false), inputs, false);
            float logitDiff = maxAbsDiff(fp32.get(0), bf16.get(0));
            float hiddenDiff = maxAbsDiff(fp32.get(1), bf16.get(1));
            float hiddenScale = fp32.get(1).abs().max().getFloat();
            System.out.printf("bf16 parity: max |logit diff| %.4g (logits up to %.3g), max |hidden diff| %.4g "
                    + "(hidden up to %.3g)%n", logitDiff, fp32.get(0).abs().max().getFloat(), hiddenDiff, hiddenScale);
            assertThat(bf16.get(0).getDataType()).isEqualTo(fp32.get(0).getDataType());
            assertThat(logitDiff).isGreaterThan(0f).isLessThan(0.05f);
            assertThat(hiddenDiff).isLessThan(0.05f * hiddenScale);
        }
    }

    @Test
    void frozenInferencePreparesWeightsOnceGivesTheSameProbabilitiesAndRefusesWeightChanges() {
        try (TextClassifier model = TestModels.miniLm(2, 64, LabelSchema.SST2, 7);
                TextClassifier other = TestModels.miniLm(2, 64, LabelSchema.SST2, 8)) {
            model.setPrecision(Precision.BF16);
            float[][] plain = model.probabilities(TEXTS, 4);
            float[][] frozen;
            try (TextClassifier.FrozenScope scope = model.frozenForInference();
                    TextClassifier.FrozenScope nested = model.frozenForInference()) {
                frozen = model.probabilities(TEXTS, 4);
                assertThat(model.block().layers).allMatch(TransformerLayer::servesFrozenWeights);
                // A frozen model inside a gradient collector (a teacher whose output a loss uses) still runs forward
                // and backward: the cast copies are plain constants, not inference-mode tensors.
                try (NDManager m = model.model().getNDManager().newSubManager();
                        GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                    NDList in = model.inputs(m, model.tokenizer().encode(TEXTS), new int[] {0, 1, 2});
                    gc.backward(model.forward(new ParameterStore(m, false), in, false).get(0).sum());
                }
                assertThatThrownBy(() -> model.copyWeightsFrom(other)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("frozen for inference");
                assertThatThrownBy(() -> model.shiftLogits(new float[] {0f, 1f}))
                        .isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> model.setPrecision(Precision.FP32)).isInstanceOf(IllegalStateException.class);
            }
            assertThat(model.block().layers).noneMatch(TransformerLayer::servesFrozenWeights);
            // Frozen weights run oneDNN's prepacked kernels (GELU fused, query/key/value in one product): the same
            // arithmetic in another summation order, so the same values to bf16's precision, not bit for bit.
            ai.djl.Device device = model.model().getNDManager().getDevice();
            assertThat(Bf16LayerKernel.get().packsOn(device)).as("this libtorch prepacks bf16 weights for oneDNN")
                    .isEqualTo(ai.djl.Device.Type.CPU.equals(device.getDeviceType()));
            float worst = 0;
            for (int i = 0; i < plain.length; i++) {
                for (int c = 0; c < plain[i].length; c++) {
                    worst = Math.max(worst, Math.abs(plain[i][c] - frozen[i][c]));
                }
            }
            System.out.printf("frozen vs per-batch bf16: max |probability diff| %.3g%n", worst);
            assertThat(worst).as("frozen and per-batch bf16 probabilities").isLessThan(0.01f);
            // Closed: weights may change again, and inference sees the new ones (no stale copy is left behind).
            model.copyWeightsFrom(other);
            float[][] changed = model.probabilities(TEXTS, 4);
            try (TextClassifier.FrozenScope scope = model.frozenForInference()) {
                float[][] frozenChanged = model.probabilities(TEXTS, 4);
                for (int i = 0; i < changed.length; i++) {
                    assertThat(frozenChanged[i]).containsExactly(changed[i], within(0.01f));
                }
            }
            assertThat(changed).isNotEqualTo(plain);
        }
    }

    @Test
    void bf16GradientsReachEveryParameterAndPointTheSameWay() {
        try (TextClassifier model = TestModels.miniLm(2, 64, LabelSchema.SST2, 7)) {
            var params = model.block().getParameters();
            float[][] fp32 = gradients(model.setPrecision(Precision.FP32));
            float[][] bf16 = gradients(model.setPrecision(Precision.BF16));
            double largest = 0;
            for (float[] g : fp32) {
                largest = g == null ? largest : Math.max(largest, norm(g));
            }
            double worst = 1;
            for (int i = 0; i < fp32.length; i++) {
                if (fp32[i] == null) {
                    continue; // frozen
                }
                assertThat(norm(bf16[i])).as("gradient of %s", params.get(i).getKey()).isGreaterThan(0);
                if (norm(fp32[i]) < 1e-4 * largest) {
                    // The key bias: softmax ignores what it adds to every score of a query, so its true gradient is
                    // 0 and both precisions hold rounding noise, in which no direction is meaningful.
                    assertThat(norm(bf16[i])).as("gradient of %s", params.get(i).getKey()).isLessThan(1e-2 * largest);
                    continue;
                }
                double cos = cosine(fp32[i], bf16[i]);
                worst = Math.min(worst, cos);
                assertThat(cos).as("gradient of %s", params.get(i).getKey()).isGreaterThan(0.98);
            }
            System.out.printf("bf16 gradients: worst cosine to float32 %.5f over %d parameters%n", worst,
                    fp32.length);
        }
    }

    /**
     * Frozen inference with the residual stream in bf16 between layers (the default) and in fp32 as autocast keeps it:
     * on six layers, both within bf16's precision of the float32 forward, logits and last hidden state, and the hidden
     * state handed out in float32 either way (the last layer casts back).
     */
    @Test
    void bf16ResidualStreamStaysWithinBf16PrecisionOfFloat32() {
        boolean before = Bf16LayerKernel.bf16Stream();
        try (TextClassifier model = TestModels.miniLm(6, 64, LabelSchema.SST2, 7);
                NDManager manager = model.model().getNDManager().newSubManager()) {
            NDList inputs = model.inputs(manager, model.tokenizer().encode(TEXTS), new int[] {0, 1, 2, 3, 4, 5});
            NDList fp32 = model.setPrecision(Precision.FP32).forward(new ParameterStore(manager, false), inputs, false);
            float hiddenScale = fp32.get(1).abs().max().getFloat();
            model.setPrecision(Precision.BF16);
            float[] logitDiff = new float[2];
            for (int stream = 0; stream < 2; stream++) {
                Bf16LayerKernel.bf16Stream(stream == 1);
                try (TextClassifier.FrozenScope scope = model.frozenForInference()) {
                    NDList out = model.forward(new ParameterStore(manager, false), inputs, false);
                    assertThat(out.get(1).getDataType()).isEqualTo(DataType.FLOAT32);
                    logitDiff[stream] = maxAbsDiff(fp32.get(0), out.get(0));
                    float hiddenDiff = maxAbsDiff(fp32.get(1), out.get(1));
                    float relative = out.get(1).sub(fp32.get(1)).norm().getFloat() / fp32.get(1).norm().getFloat();
                    System.out.printf("frozen bf16, residual stream in %s: max |logit diff| %.4g, max |hidden diff| "
                            + "%.4g (hidden up to %.3g), relative hidden diff %.4g%n", stream == 1 ? "bf16" : "fp32",
                            logitDiff[stream], hiddenDiff, hiddenScale, relative);
                    assertThat(logitDiff[stream]).isLessThan(0.05f);
                    // A bf16 stream rounds each layer's output once more (2^-9 relative): a few ulps on six layers.
                    assertThat(relative).isLessThan(0.02f);
                    assertThat(hiddenDiff).isLessThan(0.075f * hiddenScale);
                }
            }
        } finally {
            Bf16LayerKernel.bf16Stream(before);
        }
    }

    /**
     * Frozen inference's attention in libtorch's fused kernel (the default on a CPU with AMX) and written out
     * (elsewhere, and always in the trainable forward) compute the same layer: the same probabilities to bf16's
     * precision. Both run here whatever this CPU has.
     */
    @Test
    void fusedAndWrittenAttentionGiveTheSameProbabilities() {
        boolean before = Bf16LayerKernel.fusedAttention();
        try (TextClassifier model = TestModels.miniLm(2, 64, LabelSchema.SST2, 7)) {
            model.setPrecision(Precision.BF16);
            float[][] plain = model.probabilities(TEXTS, 4);
            float[][][] frozen = new float[2][][];
            for (int fused = 0; fused < 2; fused++) {
                Bf16LayerKernel.fusedAttention(fused == 1);
                try (TextClassifier.FrozenScope scope = model.frozenForInference()) {
                    frozen[fused] = model.probabilities(TEXTS, 4);
                }
            }
            float worst = 0;
            for (int i = 0; i < TEXTS.size(); i++) {
                for (int c = 0; c < 2; c++) {
                    worst = Math.max(worst, Math.abs(frozen[0][i][c] - frozen[1][i][c]));
                    worst = Math.max(worst, Math.abs(plain[i][c] - frozen[1][i][c]));
                }
            }
            System.out.printf("fused vs written attention: max |probability diff| %.3g%n", worst);
            assertThat(worst).as("fused and written attention's probabilities").isLessThan(0.01f);
        } finally {
            Bf16LayerKernel.fusedAttention(before);
        }
    }

    @Test
    void precisionParsesTheDocumentedNamesOnly() {
        assertThat(Precision.parse("BF16")).isEqualTo(Precision.BF16);
        assertThat(Precision.parse(" fp32 ")).isEqualTo(Precision.FP32);
        assertThat(Precision.parse("auto")).isEqualTo(Precision.detect().precision());
        assertThatThrownBy(() -> Precision.parse("fp16")).hasMessageContaining("fp32, bf16 or auto");
    }

    /** Gradients of the summed logits with respect to every trainable parameter (dropout off: comparable). */
    private static float[][] gradients(TextClassifier model) {
        var params = model.block().getParameters();
        try (NDManager manager = model.model().getNDManager().newSubManager()) {
            NDList inputs = model.inputs(manager, model.tokenizer().encode(TEXTS), new int[] {0, 1, 2, 3, 4, 5});
            try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                NDArray logits = model.forward(new ParameterStore(manager, false), inputs, false).get(0);
                gc.backward(logits.get(":, 1").sub(logits.get(":, 0")).sum());
            }
            float[][] out = new float[params.size()][];
            for (int i = 0; i < params.size(); i++) {
                NDArray a = params.get(i).getValue().getArray();
                if (a.hasGradient()) {
                    out[i] = a.getGradient().toFloatArray();
                    a.getGradient().subi(a.getGradient());
                }
            }
            return out;
        }
    }

    private static float maxAbsDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    private static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static double dot(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot;
    }

    private static double cosine(float[] a, float[] b) {
        double na = norm(a);
        double nb = norm(b);
        return na == 0 && nb == 0 ? 1 : dot(a, b) / (na * nb);
    }
}
