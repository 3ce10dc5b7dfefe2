package org.bedkd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Word + position + token-type embeddings, then LayerNorm and dropout, as in HuggingFace's {@code BertEmbeddings}. */
public final class BertEmbeddings extends AbstractBlock {

    private static final byte VERSION = 1;

    private final EncoderConfig config;
    final Parameter words;
    final Parameter positions;
    final Parameter tokenTypes;
    final LayerNorm norm;

    public BertEmbeddings(EncoderConfig config) {
        super(VERSION);
        this.config = config;
        words = addParameter(table("word_embeddings", config.vocabSize(), config.hiddenSize()));
        positions = addParameter(table("position_embeddings", config.maxPositions(), config.hiddenSize()));
        tokenTypes = addParameter(table("token_type_embeddings", config.typeVocabSize(), config.hiddenSize()));
        norm = addChildBlock("LayerNorm", LayerNorm.builder().axis(2).optEpsilon(config.layerNormEps()).build());
    }

    private static Parameter table(String name, int rows, int width) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(new Shape(rows, width)).build();
    }

    /** inputs: token ids [B, S], token types [B, S] (int64). Returns [B, S, H]. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray types = inputs.get(1);
        long seq = ids.getShape().get(1);
        if (seq > config.maxPositions()) {
            throw new IllegalArgumentException("sequence of " + seq + " tokens exceeds " + config.maxPositions());
        }
        // Create position ids in the batch's manager: results of ops whose first operand is a parameter would be
        // attached to the model's manager and leak one array per step.
        NDArray positionIds = ids.getManager().arange(0L, seq, 1L, DataType.INT64, ids.getDevice());
        NDArray x = embed(ids, ps.getValue(words, ids.getDevice(), training))
                .add(embed(positionIds, ps.getValue(positions, ids.getDevice(), training)))
                .add(embed(types, ps.getValue(tokenTypes, ids.getDevice(), training)));
        x = norm.forward(ps, new NDList(x), training).singletonOrThrow();
        return new NDList(Dropout.dropout(x, config.hiddenDropout(), training).singletonOrThrow());
    }

    private static NDArray embed(NDArray indices, NDArray table) {
        return indices.getNDArrayInternal().embedding(indices, table, SparseFormat.DENSE).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.hiddenSize())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        norm.initialize(manager, dataType, inputShapes[0].add(config.hiddenSize()));
    }
}
