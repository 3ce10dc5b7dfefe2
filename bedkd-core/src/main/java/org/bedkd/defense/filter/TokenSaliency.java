package org.bedkd.defense.filter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.bedkd.model.BatchEncoder;
import org.bedkd.model.TextClassifier;

/**
 * How much each input token drives the model's own prediction: the norm of the gradient of the predicted class's
 * log-probability with respect to the token's word embedding (IMBERT's saliency). Batched: each text's loss depends
 * only on its own tokens, so one backward pass over the batch's summed loss gives every text its own gradients.
 */
final class TokenSaliency {

    private TokenSaliency() {
    }

    /** Squared gradient norm per token of each text (same lengths as {@code tokens}). */
    static float[][] of(TextClassifier model, long[][] tokens, int batchSize) {
        float[][] out = new float[tokens.length][];
        int hidden = model.config().encoder().hiddenSize();
        for (int[] rows : BatchEncoder.inferenceBatches(BatchEncoder.lengths(tokens), batchSize, true)) {
            try (NDManager batch = model.model().getNDManager().newSubManager()) {
                NDList in = model.inputs(batch, tokens, rows);
                Shape ids = in.get(0).getShape();
                NDArray offset = batch.zeros(new Shape(ids.get(0), ids.get(1), hidden), DataType.FLOAT32);
                offset.setRequiresGradient(true);
                try (GradientCollector gc = batch.getEngine().newGradientCollector()) {
                    NDArray logits = model.forward(new ParameterStore(batch, false),
                            new NDList(in.get(0), in.get(1), in.get(2), offset), false).get(0);
                    NDArray logProbabilities = logits.toType(DataType.FLOAT32, false).logSoftmax(-1);
                    NDArray predicted = logits.argMax(-1).oneHot((int) logits.getShape().get(1));
                    gc.backward(logProbabilities.mul(predicted).sum().neg());
                }
                float[] norms = offset.getGradient().square().sum(new int[] {2}).toFloatArray();
                long width = ids.get(1);
                for (int i = 0; i < rows.length; i++) {
                    out[rows[i]] = new float[tokens[rows[i]].length];
                    for (int t = 0; t < out[rows[i]].length; t++) {
                        out[rows[i]][t] = norms[(int) (i * width + t)];
                    }
                }
            }
        }
        return out;
    }
}
