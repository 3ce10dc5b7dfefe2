package org.bedkd.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import java.util.List;
import org.bedkd.model.TorchScripts;

/**
 * Gradient clipping and AdamW (decoupled weight decay, as {@code torch.optim.AdamW} computes it) over all parameters
 * in one call of {@code fused-adamw.pt} (libtorch's {@code _foreach_norm} and {@code _fused_adamw_}). DJL's
 * {@code adamUpdate} ran per parameter, each a JNI call, a clone of the gradient and about ten ops; with the
 * per-parameter norm that was over a thousand small ops a step. The moment estimates live in a manager this object
 * owns, so they are freed when a training run ends instead of accumulating on the model (one set per run).
 */
final class AdamWUpdater implements AutoCloseable {

    private static final String SCRIPT = "/org/bedkd/train/fused-adamw.pt";
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final NDManager states;
    private final double learningRate;
    private final double weightDecay;
    private final PtSymbolBlock script = TorchScripts.get(SCRIPT);
    private final PtNDArray[] weights;
    private final PtNDArray[] means;
    private final PtNDArray[] variances;
    private final PtNDArray[] steps;

    /** An optimiser for {@code params}, always in this order: moments at zero and a step count for each. */
    AdamWUpdater(NDManager parent, List<Parameter> params, float learningRate, float weightDecay) {
        this.states = parent.newSubManager();
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        int n = params.size();
        weights = new PtNDArray[n];
        means = new PtNDArray[n];
        variances = new PtNDArray[n];
        steps = new PtNDArray[n];
        for (int i = 0; i < n; i++) {
            NDArray w = params.get(i).getArray();
            weights[i] = (PtNDArray) w;
            means[i] = (PtNDArray) states.zeros(w.getShape(), w.getDataType(), w.getDevice());
            variances[i] = (PtNDArray) states.zeros(w.getShape(), w.getDataType(), w.getDevice());
            steps[i] = (PtNDArray) states.zeros(new Shape(), DataType.FLOAT32, w.getDevice());
        }
    }

    /**
     * Clips the gradients' global norm to {@code maxNorm} (0: no clipping), applies AdamW and zeroes the gradients.
     * Returns the norm before clipping; a norm that is not finite comes back with nothing changed.
     *
     * @param step the step's manager, which frees the gradient handles
     */
    float clipAndStep(NDManager step, float maxNorm) {
        if (weights.length == 0) {
            return 0;
        }
        PtNDArray[] grads = new PtNDArray[weights.length];
        for (int i = 0; i < grads.length; i++) {
            NDArray g = weights[i].getGradient();
            g.attach(step); // the handle would otherwise stay on the model's manager and leak
            grads[i] = (PtNDArray) g;
        }
        IValue[] args = {IValue.listFrom(weights), IValue.listFrom(grads), IValue.listFrom(means),
            IValue.listFrom(variances), IValue.listFrom(steps), IValue.from(learningRate), IValue.from(weightDecay),
            IValue.from(BETA1), IValue.from(BETA2), IValue.from(EPSILON), IValue.from((double) maxNorm)};
        TorchScripts.prepareThread();
        try (IValue norm = IValueUtils.runMethod(script, "forward", args)) {
            return (float) norm.toDouble();
        } finally {
            for (IValue a : args) {
                a.close();
            }
        }
    }

    @Override
    public void close() {
        states.close();
    }
}
