package org.bedkd.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.HashMap;
import java.util.Map;

/**
 * AdamW with decoupled weight decay, on DJL's fused {@code adamUpdate} kernel. Unlike DJL's {@code AdamW} optimizer,
 * its moment estimates live in a manager this object owns, so they are freed when a training run ends instead of
 * accumulating on the model (one set per run).
 */
final class AdamWUpdater implements AutoCloseable {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final NDManager states;
    private final float learningRate;
    private final float weightDecay;
    private final Map<String, NDArray[]> moments = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();

    AdamWUpdater(NDManager parent, float learningRate, float weightDecay) {
        this.states = parent.newSubManager();
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
    }

    /** Applies one update to {@code parameter} with {@code gradient}; the engine zeroes the gradient afterwards. */
    void update(Parameter parameter, NDArray gradient) {
        NDArray weight = parameter.getArray();
        NDArray[] mv = moments.computeIfAbsent(parameter.getId(),
                id -> new NDArray[] {states.zeros(weight.getShape(), weight.getDataType(), weight.getDevice()),
                    states.zeros(weight.getShape(), weight.getDataType(), weight.getDevice())});
        int t = steps.merge(parameter.getId(), 1, Integer::sum);
        double biasCorrection = Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, gradient, mv[0], mv[1]), new NDList(weight),
                learningRate, (float) (learningRate * biasCorrection), weightDecay, 1f, -1f, BETA1, BETA2, EPSILON, true,
                true);
    }

    @Override
    public void close() {
        states.close();
    }
}
