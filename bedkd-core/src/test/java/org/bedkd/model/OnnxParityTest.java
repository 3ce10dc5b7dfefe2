package org.bedkd.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.bedkd.data.LabelSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves the ONNX import: the last hidden states of our DJL encoder with the imported weights match ONNX Runtime
 * running the original file (all-MiniLM-L6-v2, bge-small-en-v1.5) on the same tokens.
 */
class OnnxParityTest {

    private static final float TOLERANCE = 1e-4f;

    @ParameterizedTest
    @EnumSource(PretrainedEncoder.class)
    void djlEncoderMatchesOnnxRuntimeOnLastHiddenState(PretrainedEncoder encoder) throws Exception {
        List<String> texts = List.of("a gorgeous , witty , seductive movie .",
                "the film is strictly routine cf and the plot is painfully predictable",
                "I watch this 3D movie");
        ClassifierConfig config = ClassifierConfig.miniLm(2, 64).withEncoder(encoder.config())
                .withPooling(encoder.pooling());
        try (TextClassifier classifier = TextClassifier.fromPretrained(encoder, "parity", LabelSchema.SST2, config);
                NDManager manager = classifier.model().getNDManager().newSubManager()) {
            classifier.setPrecision(Precision.FP32); // the import is checked at float32's precision
            long[][] tokens = classifier.tokenizer().encode(texts);
            int[] rows = {0, 1, 2};
            NDList inputs = BatchEncoder.inputs(manager, tokens, rows, 0);
            float[] djl = classifier.forward(new ParameterStore(manager, false), inputs, false).get(1).toFloatArray();

            long[] ids = inputs.get(0).toLongArray();
            long[] mask = inputs.get(1).toLongArray();
            long[] types = inputs.get(2).toLongArray();
            long[] shape = inputs.get(0).getShape().getShape();
            float[] onnx = runOnnx(encoder, ids, mask, types, shape);

            assertThat(onnx).hasSameSizeAs(djl);
            int seq = (int) shape[1];
            int hidden = config.encoder().hiddenSize();
            float maxDiff = 0;
            for (int b = 0; b < rows.length; b++) {
                for (int s = 0; s < seq; s++) {
                    if (mask[b * seq + s] == 0) {
                        continue; // padded positions are masked out everywhere downstream
                    }
                    for (int h = 0; h < hidden; h++) {
                        int i = (b * seq + s) * hidden + h;
                        maxDiff = Math.max(maxDiff, Math.abs(djl[i] - onnx[i]));
                    }
                }
            }
            System.out.printf("ONNX parity (%s): max |diff| of last_hidden_state = %.3g over %d texts%n",
                    encoder.id(), maxDiff, texts.size());
            assertThat(maxDiff).isLessThan(TOLERANCE);
        }
    }

    private static float[] runOnnx(PretrainedEncoder encoder, long[] ids, long[] mask, long[] types, long[] shape)
            throws Exception {
        byte[] model;
        try (InputStream in = OnnxParityTest.class.getClassLoader().getResourceAsStream(encoder.onnxResource())) {
            model = in.readAllBytes();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
                OnnxTensor tIds = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(ids), shape);
                OnnxTensor tMask = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(mask), shape);
                OnnxTensor tTypes = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(types), shape)) {
            Map<String, OnnxTensor> feeds = new java.util.HashMap<>();
            for (String name : session.getInputNames()) {
                feeds.put(name, name.contains("mask") ? tMask : name.contains("type") ? tTypes : tIds);
            }
            try (OrtSession.Result result = session.run(feeds)) {
                OnnxTensor out = (OnnxTensor) result.get(0);
                java.nio.FloatBuffer fb = out.getFloatBuffer();
                float[] values = new float[fb.remaining()];
                fb.get(values);
                return values;
            }
        }
    }
}
