package org.bedkd.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.bedkd.model.BatchEncoder;
import org.bedkd.model.NoGrad;
import org.bedkd.model.TextClassifier;

/**
 * A frozen teacher's outputs for every sample of a training set, computed once: the teacher never changes, so
 * recomputing them every epoch would double the forward cost of distillation for nothing.
 */
public final class TeacherOutputs implements TeacherSource {

    private final float[][] logits;
    private final float[][] hidden;
    private final int hiddenSize;

    private TeacherOutputs(float[][] logits, float[][] hidden, int hiddenSize) {
        this.logits = logits;
        this.hidden = hidden;
        this.hiddenSize = hiddenSize;
    }

    /**
     * Runs the teacher (inference mode, no dropout) over {@code tokens}.
     *
     * @param withHidden also keep last hidden states (S_i × H floats per sample; only the DMM loss needs them)
     */
    public static TeacherOutputs compute(TextClassifier teacher, long[][] tokens, boolean withHidden, int batchSize) {
        int h = teacher.config().encoder().hiddenSize();
        float[][] logits = new float[tokens.length][];
        float[][] hidden = withHidden ? new float[tokens.length][] : null;
        // The teacher's weights are prepared once for the pass, as TextClassifier.probabilities prepares them.
        try (TextClassifier.FrozenScope frozen = teacher.frozenForInference()) {
            computeInto(teacher, tokens, batchSize, logits, hidden, h);
        }
        return new TeacherOutputs(logits, hidden, h);
    }

    private static void computeInto(TextClassifier teacher, long[][] tokens, int batchSize, float[][] logits,
            float[][] hidden, int h) {
        boolean withHidden = hidden != null;
        for (int[] rows : BatchEncoder.inferenceBatches(BatchEncoder.lengths(tokens), batchSize, true)) {
            try (NoGrad noGrad = NoGrad.scope(); NDManager m = teacher.model().getNDManager().newSubManager()) {
                NDList out = teacher.forward(new ParameterStore(m, false), teacher.inputs(m, tokens, rows), false);
                float[] l = out.get(0).toFloatArray();
                int c = (int) out.get(0).getShape().get(1);
                int seq = (int) out.get(1).getShape().get(1);
                float[] hs = withHidden ? out.get(1).toFloatArray() : null;
                for (int i = 0; i < rows.length; i++) {
                    logits[rows[i]] = java.util.Arrays.copyOfRange(l, i * c, (i + 1) * c);
                    if (withHidden) {
                        int len = tokens[rows[i]].length;
                        hidden[rows[i]] = java.util.Arrays.copyOfRange(hs, i * seq * h, (i * seq + len) * h);
                    }
                }
            }
        }
    }

    /** These outputs row for row of {@code index}: row i holds this set's row {@code index[i]} (shared, not copied). */
    TeacherOutputs rows(int[] index) {
        float[][] l = new float[index.length][];
        float[][] hs = hidden == null ? null : new float[index.length][];
        for (int i = 0; i < index.length; i++) {
            l[i] = logits[index[i]];
            if (hs != null) {
                hs[i] = hidden[index[i]];
            }
        }
        return new TeacherOutputs(l, hs, hiddenSize);
    }

    @Override
    public boolean hasHidden() {
        return hidden != null;
    }

    public float[] logits(int sample) {
        return logits[sample].clone();
    }

    @Override
    public NDArray logits(NDManager m, int[] rows, NDList inputs) {
        int c = logits[rows[0]].length;
        float[] flat = new float[rows.length * c];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(logits[rows[i]], 0, flat, i * c, c);
        }
        return m.create(flat, new ai.djl.ndarray.types.Shape(rows.length, c));
    }

    @Override
    public NDArray hidden(NDManager m, int[] rows, NDList inputs) {
        int seq = (int) inputs.get(0).getShape().get(1);
        float[] flat = new float[rows.length * seq * hiddenSize];
        for (int i = 0; i < rows.length; i++) {
            float[] h = hidden[rows[i]];
            System.arraycopy(h, 0, flat, i * seq * hiddenSize, h.length);
        }
        return m.create(flat, new ai.djl.ndarray.types.Shape(rows.length, seq, hiddenSize));
    }
}
