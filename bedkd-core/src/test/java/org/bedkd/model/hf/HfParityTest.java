package org.bedkd.model.hf;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.bedkd.model.TextClassifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with an independent implementation: the fixtures under {@code src/test/resources/hf/} were written by
 * transformers itself ({@code src/test/python/make_hf_fixtures.py}): random-weight classifiers saved with
 * {@code save_pretrained}, real trained WordPiece / byte-level BPE tokenizers, and the token ids and logits that
 * transformers computes for a padded batch of sentences (one longer than the maximum length). The {@code -onnx}
 * fixtures are the same models exported with {@code torch.onnx.export} (Optimum's layout), their logits computed by
 * ONNX Runtime.
 */
class HfParityTest {

    static Path fixture(String name) throws Exception {
        return Path.of(HfParityTest.class.getResource("/hf/" + name + "/config.json").toURI()).getParent();
    }

    static JsonNode expected(String name) throws Exception {
        return new ObjectMapper().readTree(fixture(name).resolve("expected.json").toFile());
    }

    /** Logits of the whole batch, padded to its longest text as transformers padded it. */
    static float[][] logits(TextClassifier model, long[][] tokens) {
        int[] rows = IntStream.range(0, tokens.length).toArray();
        try (NDManager m = model.model().getNDManager().newSubManager()) {
            float[] flat = model.forward(new ParameterStore(m, false), model.inputs(m, tokens, rows), false).get(0)
                    .toFloatArray();
            int c = flat.length / tokens.length;
            float[][] out = new float[tokens.length][];
            for (int i = 0; i < tokens.length; i++) {
                out[i] = java.util.Arrays.copyOfRange(flat, i * c, (i + 1) * c);
            }
            return out;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert", "roberta", "distilbert", "bert-onnx", "roberta-onnx", "distilbert-onnx"})
    void tokensAndLogitsMatchTransformers(String arch) throws Exception {
        JsonNode expected = expected(arch);
        List<String> sentences = new ArrayList<>();
        expected.get("sentences").forEach(s -> sentences.add(s.asText()));
        try (TextClassifier model = HfImport.load(fixture(arch), expected.get("max_length").asInt())) {
            assertThat(model.config().layout().family().transformersClass())
                    .isEqualTo(expected.get("architecture").asText());
            assertThat(model.schema().labels()).containsExactly("negative", "neutral", "positive");
            assertSameIdsAndLogits(model, sentences, expected, "HF parity (" + arch + ")");
        }
    }

    /**
     * The bf16 layer on every family (GELU, RoBERTa's position offset, DistilBERT without token types): the logits
     * stay within bf16's rounding of transformers' float32 ones.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bert", "roberta", "distilbert"})
    void bf16LogitsStayCloseToTransformers(String arch) throws Exception {
        JsonNode expected = expected(arch);
        List<String> sentences = new ArrayList<>();
        expected.get("sentences").forEach(s -> sentences.add(s.asText()));
        try (TextClassifier model = HfImport.load(fixture(arch), expected.get("max_length").asInt())) {
            model.setPrecision(org.bedkd.model.Precision.BF16);
            double maxDiff = maxLogitDiff(logits(model, model.tokenizer().encode(sentences)), expected);
            System.out.printf("HF parity in bf16 (%s): max |logit diff| = %.3g%n", arch, maxDiff);
            assertThat(maxDiff).isGreaterThan(0).isLessThan(0.05);
        }
    }

    /**
     * The model's token ids equal the reference's {@code input_ids} and its logits for the padded batch are within
     * 1e-4 of the reference's {@code logits}; prints the largest difference under {@code label}.
     */
    static void assertSameIdsAndLogits(TextClassifier model, List<String> sentences, JsonNode reference, String label) {
        model.setPrecision(org.bedkd.model.Precision.FP32); // the import is checked at float32's precision
        long[][] tokens = model.tokenizer().encode(sentences);
        for (int i = 0; i < tokens.length; i++) {
            long[] want = new ObjectMapper().convertValue(reference.get("input_ids").get(i), long[].class);
            assertThat(tokens[i]).as("token ids of sentence %d", i).containsExactly(want);
        }
        double maxDiff = maxLogitDiff(logits(model, tokens), reference);
        System.out.printf("%s: max |logit diff| = %.3g over %d texts%n", label, maxDiff, tokens.length);
        assertThat(maxDiff).as("max |logit diff| against the reference").isLessThanOrEqualTo(1e-4);
    }

    /** Largest |logit difference| against the reference's {@code logits}. */
    static double maxLogitDiff(float[][] logits, JsonNode reference) {
        double maxDiff = 0;
        for (int i = 0; i < logits.length; i++) {
            for (int c = 0; c < logits[i].length; c++) {
                maxDiff = Math.max(maxDiff, Math.abs(logits[i][c] - reference.get("logits").get(i).get(c).asDouble()));
            }
        }
        return maxDiff;
    }
}
