package org.bedkd.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.bedkd.model.NoGrad;
import org.bedkd.model.TextClassifier;

/**
 * The teacher run on every batch it is asked for: what distillation costs without {@link TeacherOutputs}' cache.
 * Kept for the speed ablation (results/PERFORMANCE.md), not for production use.
 */
final class LiveTeacher implements TeacherSource {

    private final TextClassifier teacher;
    private final boolean withHidden;
    // One forward serves both targets of a batch (the DMM loss reads logits and hidden states).
    private NDList last;
    private int[] lastRows;

    LiveTeacher(TextClassifier teacher, boolean withHidden) {
        this.teacher = teacher;
        this.withHidden = withHidden;
    }

    @Override
    public boolean hasHidden() {
        return withHidden;
    }

    @Override
    public NDArray logits(NDManager m, int[] rows, NDList inputs) {
        return forward(m, rows, inputs).get(0);
    }

    @Override
    public NDArray hidden(NDManager m, int[] rows, NDList inputs) {
        NDArray mask = inputs.get(1).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        return forward(m, rows, inputs).get(1).mul(mask.expandDims(2));
    }

    private NDList forward(NDManager m, int[] rows, NDList inputs) {
        if (rows != lastRows) {
            // Inference mode (no dropout) and detached: the student's backward pass must not reach the teacher.
            try (NoGrad noGrad = NoGrad.scope()) { // the teacher's backward graph would be dropped unused
                NDList out = teacher.forward(new ParameterStore(m, false), inputs, false);
                last = new NDList(out.get(0).stopGradient(), out.get(1).stopGradient());
            }
            lastRows = rows;
        }
        return last;
    }
}
