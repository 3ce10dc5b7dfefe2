package org.bedkd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.Supplier;

/**
 * One post-LayerNorm BERT layer: multi-head self-attention, add &amp; norm, GELU feed-forward, add &amp; norm. Weight
 * names and layout follow HuggingFace's {@code BertLayer} so pretrained weights load one-to-one. In {@link
 * Precision#BF16} the same layer runs in {@link Bf16LayerKernel}, on the same parameters.
 */
public final class TransformerLayer extends AbstractBlock {

    private static final byte VERSION = 1;

    private final EncoderConfig config;
    private final ModelLayout.Activation activation;
    /** Read at every forward: the owning classifier's precision can change between calls. */
    private final Supplier<Precision> precision;
    final Linear query;
    final Linear key;
    final Linear value;
    final Linear attentionOutput;
    final LayerNorm attentionNorm;
    final Linear intermediate;
    final Linear output;
    final LayerNorm outputNorm;
    /**
     * The frozen bf16 kernel's weights, prepared once ({@link #freeze}), while the owning classifier is frozen for
     * inference ({@link TextClassifier#frozenForInference}); {@code null} otherwise.
     */
    private volatile Frozen frozenWeights;

    public TransformerLayer(EncoderConfig config, ModelLayout.Activation activation, Supplier<Precision> precision) {
        super(VERSION);
        this.config = config;
        this.activation = activation;
        this.precision = precision;
        int h = config.hiddenSize();
        query = addChildBlock("query", Linear.builder().setUnits(h).build());
        key = addChildBlock("key", Linear.builder().setUnits(h).build());
        value = addChildBlock("value", Linear.builder().setUnits(h).build());
        attentionOutput = addChildBlock("attention_output", Linear.builder().setUnits(h).build());
        attentionNorm = addChildBlock("attention_norm", norm(config));
        intermediate = addChildBlock("intermediate", Linear.builder().setUnits(config.intermediateSize()).build());
        output = addChildBlock("output", Linear.builder().setUnits(h).build());
        outputNorm = addChildBlock("output_norm", norm(config));
    }

    private static LayerNorm norm(EncoderConfig config) {
        return LayerNorm.builder().axis(2).optEpsilon(config.layerNormEps()).build();
    }

    /** inputs: hidden [B, S, H], additive attention bias [B, 1, 1, S]. Returns [B, S, H]. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray bias = inputs.get(1);
        if (precision.get() == Precision.BF16) {
            return new NDList(bf16(ps, x, bias, training));
        }
        NDArray attended = selfAttention(ps, x, bias, training);
        NDArray h1 = attentionNorm.forward(ps, new NDList(x.add(attended)), training).singletonOrThrow();
        NDArray ff = activate(apply(ps, intermediate, h1, training));
        ff = Dropout.dropout(apply(ps, output, ff, training), config.hiddenDropout(), training).singletonOrThrow();
        return outputNorm.forward(ps, new NDList(h1.add(ff)), training);
    }

    private NDArray bf16(ParameterStore ps, NDArray x, NDArray bias, boolean training) {
        Frozen frozen = frozenWeights;
        // Inside a gradient collector (saliency's gradient at the input words, a frozen teacher whose loss reaches the
        // embeddings) the trainable kernel runs: the frozen one has no autograd through its projections. Asked of the
        // thread's grad mode, not of x: DJL's requiresGrad read false on layer inputs that gradients did reach.
        if (!training && frozen != null && !JniUtils.isGradMode()) {
            int stream = !Bf16LayerKernel.bf16Stream() ? 0 : frozen.last() ? 2 : 1;
            NDArray settings = x.getManager().create(new float[] {config.heads(), config.layerNormEps(),
                    activationCode(), frozen.packed() ? 1 : 0, Bf16LayerKernel.fusedAttention() ? 1 : 0, stream});
            return Bf16LayerKernel.get().frozenForward(x, bias, frozen.weights(), settings);
        }
        NDList weights = kernelWeights(ps, x.getDevice(), training);
        NDArray settings = x.getManager().create(new float[] {config.heads(), config.attentionDropout(),
                config.hiddenDropout(), config.layerNormEps(), activationCode(), training ? 1 : 0});
        long tokens = x.getShape().get(0) * x.getShape().get(1);
        long draws = !training ? 0
                : (config.attentionDropout() > 0 ? tokens * config.heads() * x.getShape().get(1) : 0)
                        + (config.hiddenDropout() > 0 ? 2 * tokens * config.hiddenSize() : 0);
        NDArray masks = Bf16LayerKernel.draws(x.getManager(), draws);
        return Bf16LayerKernel.get().forward(x, bias, weights, settings, masks);
    }

    private float activationCode() {
        return switch (activation) {
            case GELU -> 0;
            case GELU_TANH -> 1;
            case RELU -> 2;
        };
    }

    /** The kernel's weights in its order (Linear holds weight and bias, LayerNorm gamma and beta), as they are. */
    private NDList kernelWeights(ParameterStore ps, ai.djl.Device device, boolean training) {
        NDList weights = new NDList(16);
        for (AbstractBlock b : new AbstractBlock[] {query, key, value, attentionOutput, attentionNorm, intermediate,
                output, outputNorm}) {
            b.getParameters().values().forEach(p -> weights.add(ps.getValue(p, device, training)));
        }
        return weights;
    }

    /**
     * The frozen kernel's weights ({@link Bf16LayerKernel#frozenForward}), whether they are packed for oneDNN, and
     * whether this is the encoder's last layer (which hands its output on in fp32 from a bf16 residual stream).
     */
    private record Frozen(NDList weights, boolean packed, boolean last) {
    }

    /**
     * Serves inference from weights prepared once into {@code owner} until {@link #unfreeze}: query, key and value
     * stacked into one projection, every projection cast to bf16 and, on a CPU, prepacked for oneDNN.
     *
     * @param last whether this is the encoder's last layer
     */
    void freeze(NDManager owner, boolean last) {
        Bf16LayerKernel kernel = Bf16LayerKernel.get();
        boolean packed = kernel.packsOn(owner.getDevice());
        ParameterStore ps = new ParameterStore(owner, false);
        NDList projections = new NDList(12);
        for (Linear l : new Linear[] {query, key, value, attentionOutput, intermediate, output}) {
            projections.add(value(ps, l, "weight"));
            projections.add(value(ps, l, "bias"));
        }
        // The kernel's attention takes the query already scaled by 1 / sqrt(d), as its trainable forward does.
        NDList prepared = kernel.freezeLayer(projections, (float) (1 / Math.sqrt(config.headSize())), packed, owner);
        // LayerNorm stays in fp32: its parameters as they are, after each of the two sums.
        NDList weights = new NDList(14);
        weights.addAll(prepared.subNDList(0, 4));
        weights.add(value(ps, attentionNorm, "gamma"));
        weights.add(value(ps, attentionNorm, "beta"));
        weights.addAll(prepared.subNDList(4, 8));
        weights.add(value(ps, outputNorm, "gamma"));
        weights.add(value(ps, outputNorm, "beta"));
        frozenWeights = new Frozen(weights, packed, last);
    }

    private static NDArray value(ParameterStore ps, AbstractBlock block, String parameter) {
        return ps.getValue(block.getParameters().get(parameter), ps.getManager().getDevice(), false);
    }

    void unfreeze() {
        frozenWeights = null;
    }

    boolean servesFrozenWeights() {
        return frozenWeights != null;
    }

    private NDArray activate(NDArray x) {
        return switch (activation) {
            case GELU -> Activation.gelu(x);
            case RELU -> Activation.relu(x);
            // transformers' NewGELUActivation: 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))).
            case GELU_TANH -> x.mul(Scalars.of(x, 0.5f)).mul(x.pow(Scalars.of(x, 3f)).mul(Scalars.of(x, 0.044715f))
                    .add(x).mul(Scalars.of(x, (float) Math.sqrt(2 / Math.PI))).tanh().add(Scalars.of(x, 1f)));
        };
    }

    private NDArray selfAttention(ParameterStore ps, NDArray x, NDArray bias, boolean training) {
        long b = x.getShape().get(0);
        long s = x.getShape().get(1);
        NDArray q = heads(apply(ps, query, x, training), b, s);
        NDArray k = heads(apply(ps, key, x, training), b, s);
        NDArray v = heads(apply(ps, value, x, training), b, s);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div(Scalars.of(q, (float) Math.sqrt(config.headSize()))).add(bias);
        NDArray probs = Dropout.dropout(scores.softmax(-1), config.attentionDropout(), training).singletonOrThrow();
        NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, s, config.hiddenSize());
        NDArray out = apply(ps, attentionOutput, context, training);
        return Dropout.dropout(out, config.hiddenDropout(), training).singletonOrThrow();
    }

    /** [B, S, H] to [B, heads, S, headSize]. */
    private NDArray heads(NDArray t, long b, long s) {
        return t.reshape(b, s, config.heads(), config.headSize()).transpose(0, 2, 1, 3);
    }

    private static NDArray apply(ParameterStore ps, Linear layer, NDArray x, boolean training) {
        return layer.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape hidden = inputShapes[0];
        for (Linear l : new Linear[] {query, key, value, attentionOutput}) {
            l.initialize(manager, dataType, hidden);
        }
        attentionNorm.initialize(manager, dataType, hidden);
        intermediate.initialize(manager, dataType, hidden);
        output.initialize(manager, dataType, new Shape(hidden.get(0), hidden.get(1), config.intermediateSize()));
        outputNorm.initialize(manager, dataType, hidden);
    }
}
