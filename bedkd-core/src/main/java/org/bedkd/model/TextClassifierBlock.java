package org.bedkd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BERT-family encoder and the head of its {@link ModelLayout.Family}. Input: token ids, attention mask, token types
 * (each [B, S], int64). Output: logits [B, C] and the last hidden states [B, S, H] (the DMM loss compares them with
 * the teacher's).
 */
public final class TextClassifierBlock extends AbstractBlock {

    private static final byte VERSION = 1;
    /** Large negative additive bias for padded keys; exp() of it is 0 in float32. */
    private static final float MASKED = -1e9f;

    private final ClassifierConfig config;
    final BertEmbeddings embeddings;
    final List<TransformerLayer> layers = new ArrayList<>();
    /** BERT's pooler, RoBERTa's classifier.dense, DistilBERT's pre_classifier; absent in the sentence layout. */
    final Linear preHead;
    final Linear head;
    /** How the encoder layers compute; the weights are float32 either way. */
    private volatile Precision precision = Precision.FP32;

    public TextClassifierBlock(ClassifierConfig config) {
        super(VERSION);
        this.config = config;
        EncoderConfig enc = config.encoder();
        embeddings = addChildBlock("embeddings", new BertEmbeddings(enc, config.layout()));
        for (int i = 0; i < enc.layers(); i++) {
            layers.add(addChildBlock("layer" + i, new TransformerLayer(enc, config.layout().activation(),
                    this::precision)));
        }
        // Added only where the family has one, so checkpoints of the sentence layout keep their parameter list.
        preHead = family() == ModelLayout.Family.SENTENCE ? null
                : addChildBlock("pre_head", Linear.builder().setUnits(enc.hiddenSize()).build());
        head = addChildBlock("classifier", Linear.builder().setUnits(config.numClasses()).build());
        // BERT's initialisation; only the head keeps it once pretrained weights are loaded.
        setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
    }

    public ClassifierConfig config() {
        return config;
    }

    public Precision precision() {
        return precision;
    }

    public void setPrecision(Precision precision) {
        this.precision = java.util.Objects.requireNonNull(precision);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray mask = inputs.get(1).toType(DataType.FLOAT32, false);
        NDArray types = inputs.get(2);
        long b = ids.getShape().get(0);
        long s = ids.getShape().get(1);
        NDArray bias = mask.neg().add(Scalars.of(mask, 1f)).mul(Scalars.of(mask, MASKED)).reshape(b, 1, 1, s);
        // A fourth input is an offset to the word embeddings (see BertEmbeddings): saliency's gradient hook.
        NDList embeddingInputs = inputs.size() > 3 ? new NDList(ids, types, inputs.get(3)) : new NDList(ids, types);
        NDArray hidden = embeddings.forward(ps, embeddingInputs, training).singletonOrThrow();
        for (TransformerLayer layer : layers) {
            hidden = layer.forward(ps, new NDList(hidden, bias), training).singletonOrThrow();
        }
        return new NDList(head(ps, hidden, mask, training), hidden);
    }

    /** Each family's head, as its transformers class computes it (dropout is the identity at inference). */
    private NDArray head(ParameterStore ps, NDArray hidden, NDArray mask, boolean training) {
        float p = config.headDropout();
        return switch (family()) {
            case SENTENCE -> {
                NDArray pooled = switch (config.pooling()) {
                    case CLS -> hidden.get(":, 0, :");
                    case MEAN -> hidden.mul(mask.expandDims(2)).sum(new int[] {1}).div(mask.sum(new int[] {1}, true));
                };
                yield linear(ps, head, dropout(pooled, p, training), training);
            }
            // BertPooler (dense + tanh on [CLS]), dropout, classifier.
            case BERT -> linear(ps, head, dropout(linear(ps, preHead, cls(hidden), training).tanh(), p, training),
                    training);
            // RobertaClassificationHead: dropout, dense, tanh, dropout, out_proj.
            case ROBERTA -> linear(ps, head, dropout(linear(ps, preHead, dropout(cls(hidden), p, training), training)
                    .tanh(), p, training), training);
            // pre_classifier, ReLU, dropout, classifier.
            case DISTILBERT -> linear(ps, head, dropout(ai.djl.nn.Activation.relu(linear(ps, preHead, cls(hidden),
                    training)), p, training), training);
        };
    }

    private ModelLayout.Family family() {
        return config.layout().family();
    }

    private static NDArray cls(NDArray hidden) {
        return hidden.get(":, 0, :");
    }

    private static NDArray dropout(NDArray x, float p, boolean training) {
        return Dropout.dropout(x, p, training).singletonOrThrow();
    }

    private static NDArray linear(ParameterStore ps, Linear layer, NDArray x, boolean training) {
        return layer.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        return new Shape[] {new Shape(ids.get(0), config.numClasses()), ids.add(config.encoder().hiddenSize())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ids = inputShapes[0];
        embeddings.initialize(manager, dataType, ids, ids);
        Shape hidden = ids.add(config.encoder().hiddenSize());
        Shape bias = new Shape(ids.get(0), 1, 1, ids.get(1));
        for (TransformerLayer layer : layers) {
            layer.initialize(manager, dataType, hidden, bias);
        }
        Shape pooled = new Shape(ids.get(0), config.encoder().hiddenSize());
        if (preHead != null) {
            preHead.initialize(manager, dataType, pooled);
        }
        head.initialize(manager, dataType, pooled);
        if (config.layout().frozenPositions()) {
            embeddings.positions.freeze(true);
        }
    }

    /** Input shapes for {@link #initialize}: batch 1, the configured sequence length. */
    public Shape[] inputShapes() {
        Shape s = new Shape(1, config.maxSequenceLength());
        return new Shape[] {s, s, s};
    }

    /**
     * The encoder's parameters under the names of a bare encoder in transformers ({@code BertModel} /
     * {@code RobertaModel}: {@code embeddings.word_embeddings.weight}, {@code encoder.layer.0.attention.self.query.weight},
     * ...; DistilBERT's own: {@code transformer.layer.0.attention.q_lin.weight}, ...), so pretrained weights can be
     * matched by name.
     */
    public Map<String, Parameter> huggingFaceParameters() {
        Map<String, Parameter> map = new LinkedHashMap<>();
        boolean distil = family() == ModelLayout.Family.DISTILBERT;
        map.put("embeddings.word_embeddings.weight", embeddings.words);
        map.put("embeddings.position_embeddings.weight", embeddings.positions);
        if (embeddings.tokenTypes != null) {
            map.put("embeddings.token_type_embeddings.weight", embeddings.tokenTypes);
        }
        putNorm(map, "embeddings.LayerNorm", embeddings.norm);
        for (int i = 0; i < layers.size(); i++) {
            TransformerLayer l = layers.get(i);
            if (distil) {
                String p = "transformer.layer." + i + ".";
                putLinear(map, p + "attention.q_lin", l.query);
                putLinear(map, p + "attention.k_lin", l.key);
                putLinear(map, p + "attention.v_lin", l.value);
                putLinear(map, p + "attention.out_lin", l.attentionOutput);
                putNorm(map, p + "sa_layer_norm", l.attentionNorm);
                putLinear(map, p + "ffn.lin1", l.intermediate);
                putLinear(map, p + "ffn.lin2", l.output);
                putNorm(map, p + "output_layer_norm", l.outputNorm);
                continue;
            }
            String p = "encoder.layer." + i + ".";
            putLinear(map, p + "attention.self.query", l.query);
            putLinear(map, p + "attention.self.key", l.key);
            putLinear(map, p + "attention.self.value", l.value);
            putLinear(map, p + "attention.output.dense", l.attentionOutput);
            putNorm(map, p + "attention.output.LayerNorm", l.attentionNorm);
            putLinear(map, p + "intermediate.dense", l.intermediate);
            putLinear(map, p + "output.dense", l.output);
            putNorm(map, p + "output.LayerNorm", l.outputNorm);
        }
        return map;
    }

    /**
     * The head's parameters under the names of the family's transformers class: {@code classifier.*} for the
     * sentence layout; {@code bert.pooler.dense.*} + {@code classifier.*}; {@code classifier.dense.*} +
     * {@code classifier.out_proj.*}; {@code pre_classifier.*} + {@code classifier.*}.
     */
    public Map<String, Parameter> headParameters() {
        Map<String, Parameter> map = new LinkedHashMap<>();
        switch (family()) {
            case SENTENCE -> putLinear(map, "classifier", head);
            case BERT -> {
                putLinear(map, "bert.pooler.dense", preHead);
                putLinear(map, "classifier", head);
            }
            case ROBERTA -> {
                putLinear(map, "classifier.dense", preHead);
                putLinear(map, "classifier.out_proj", head);
            }
            case DISTILBERT -> {
                putLinear(map, "pre_classifier", preHead);
                putLinear(map, "classifier", head);
            }
        }
        return map;
    }

    /**
     * Every parameter under its name in the family's {@code save_pretrained} state dict: the encoder's names behind
     * the base-model prefix ({@code bert.}, {@code roberta.}, {@code distilbert.}; none for the sentence layout),
     * then the head's.
     */
    public Map<String, Parameter> stateDict() {
        String prefix = switch (family()) {
            case SENTENCE -> "";
            case BERT -> "bert.";
            case ROBERTA -> "roberta.";
            case DISTILBERT -> "distilbert.";
        };
        Map<String, Parameter> map = new LinkedHashMap<>();
        huggingFaceParameters().forEach((name, p) -> map.put(prefix + name, p));
        map.putAll(headParameters());
        return map;
    }

    /** The word-embedding table: its dense AdamW update dominates a CPU step, so callers may freeze it. */
    public Parameter wordEmbeddings() {
        return embeddings.words;
    }

    private static void putLinear(Map<String, Parameter> map, String prefix, Linear linear) {
        map.put(prefix + ".weight", linear.getParameters().get("weight"));
        map.put(prefix + ".bias", linear.getParameters().get("bias"));
    }

    private static void putNorm(Map<String, Parameter> map, String prefix, ai.djl.nn.norm.LayerNorm norm) {
        map.put(prefix + ".weight", norm.getParameters().get("gamma"));
        map.put(prefix + ".bias", norm.getParameters().get("beta"));
    }
}
