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
 * BERT encoder + pooling + linear head. Input: token ids, attention mask, token types (each [B, S], int64).
 * Output: logits [B, C] and the last hidden states [B, S, H] (the DMM loss compares them with the teacher's).
 */
public final class TextClassifierBlock extends AbstractBlock {

    private static final byte VERSION = 1;
    /** Large negative additive bias for padded keys; exp() of it is 0 in float32. */
    private static final float MASKED = -1e9f;

    private final ClassifierConfig config;
    final BertEmbeddings embeddings;
    final List<TransformerLayer> layers = new ArrayList<>();
    final Linear head;

    public TextClassifierBlock(ClassifierConfig config) {
        super(VERSION);
        this.config = config;
        EncoderConfig enc = config.encoder();
        embeddings = addChildBlock("embeddings", new BertEmbeddings(enc));
        for (int i = 0; i < enc.layers(); i++) {
            layers.add(addChildBlock("layer" + i, new TransformerLayer(enc)));
        }
        head = addChildBlock("classifier", Linear.builder().setUnits(config.numClasses()).build());
        // BERT's initialisation; only the head keeps it once pretrained weights are loaded.
        setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
    }

    public ClassifierConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray mask = inputs.get(1).toType(DataType.FLOAT32, false);
        NDArray types = inputs.get(2);
        long b = ids.getShape().get(0);
        long s = ids.getShape().get(1);
        NDArray bias = mask.neg().add(Scalars.of(mask, 1f)).mul(Scalars.of(mask, MASKED)).reshape(b, 1, 1, s);
        NDArray hidden = embeddings.forward(ps, new NDList(ids, types), training).singletonOrThrow();
        for (TransformerLayer layer : layers) {
            hidden = layer.forward(ps, new NDList(hidden, bias), training).singletonOrThrow();
        }
        NDArray pooled = switch (config.pooling()) {
            case CLS -> hidden.get(":, 0, :");
            case MEAN -> hidden.mul(mask.expandDims(2)).sum(new int[] {1}).div(mask.sum(new int[] {1}, true));
        };
        pooled = Dropout.dropout(pooled, config.headDropout(), training).singletonOrThrow();
        NDArray logits = head.forward(ps, new NDList(pooled), training).singletonOrThrow();
        return new NDList(logits, hidden);
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
        head.initialize(manager, dataType, new Shape(ids.get(0), config.encoder().hiddenSize()));
    }

    /** Input shapes for {@link #initialize}: batch 1, the configured sequence length. */
    public Shape[] inputShapes() {
        Shape s = new Shape(1, config.maxSequenceLength());
        return new Shape[] {s, s, s};
    }

    /**
     * The encoder's parameters under their HuggingFace names ({@code embeddings.word_embeddings.weight},
     * {@code encoder.layer.0.attention.self.query.weight}, ...), so pretrained weights can be matched by name.
     */
    public Map<String, Parameter> huggingFaceParameters() {
        Map<String, Parameter> map = new LinkedHashMap<>();
        map.put("embeddings.word_embeddings.weight", embeddings.words);
        map.put("embeddings.position_embeddings.weight", embeddings.positions);
        map.put("embeddings.token_type_embeddings.weight", embeddings.tokenTypes);
        putNorm(map, "embeddings.LayerNorm", embeddings.norm);
        for (int i = 0; i < layers.size(); i++) {
            TransformerLayer l = layers.get(i);
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

    /** The classification head's parameters ({@code classifier.weight} [C, H], {@code classifier.bias} [C]). */
    public Map<String, Parameter> headParameters() {
        Map<String, Parameter> map = new LinkedHashMap<>();
        putLinear(map, "classifier", head);
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
