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

/**
 * Word + position (+ token-type) embeddings, then LayerNorm and dropout, as transformers' {@code BertEmbeddings},
 * {@code RobertaEmbeddings} (positions counted from the pad token, skipping padding) and DistilBERT's
 * {@code Embeddings} (no token types; a fixed sinusoidal table when the config says so) compute them.
 */
public final class BertEmbeddings extends AbstractBlock {

    private static final byte VERSION = 1;

    private final EncoderConfig config;
    private final ModelLayout layout;
    final Parameter words;
    final Parameter positions;
    final Parameter tokenTypes;
    final LayerNorm norm;

    public BertEmbeddings(EncoderConfig config, ModelLayout layout) {
        super(VERSION);
        this.config = config;
        this.layout = layout;
        words = addParameter(table("word_embeddings", config.vocabSize(), config.hiddenSize()));
        positions = addParameter(table("position_embeddings", config.maxPositions(), config.hiddenSize()));
        // DistilBERT has no token types: no table, so no parameter that would never be trained or saved.
        tokenTypes = config.typeVocabSize() == 0 ? null
                : addParameter(table("token_type_embeddings", config.typeVocabSize(), config.hiddenSize()));
        norm = addChildBlock("LayerNorm", LayerNorm.builder().axis(2).optEpsilon(config.layerNormEps()).build());
    }

    private static Parameter table(String name, int rows, int width) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(new Shape(rows, width)).build();
    }

    /**
     * inputs: token ids [B, S], token types [B, S] (int64), and optionally an offset [B, S, H] added to the word
     * embeddings (zeros with a gradient attached: the loss's gradient at each input token, for saliency). Returns
     * [B, S, H].
     */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray types = inputs.get(1);
        long seq = ids.getShape().get(1);
        if (seq + layout.positionOffset() > config.maxPositions()) {
            throw new IllegalArgumentException("sequence of " + seq + " tokens exceeds " + (config.maxPositions()
                    - layout.positionOffset()));
        }
        NDArray word = embed(ids, ps.getValue(words, ids.getDevice(), training));
        if (inputs.size() > 2) {
            word = word.add(inputs.get(2));
        }
        NDArray x = word.add(embed(positionIds(ids), ps.getValue(positions, ids.getDevice(), training)));
        if (tokenTypes != null) {
            x = x.add(embed(types, ps.getValue(tokenTypes, ids.getDevice(), training)));
        }
        x = norm.forward(ps, new NDList(x), training).singletonOrThrow();
        return new NDList(Dropout.dropout(x, config.hiddenDropout(), training).singletonOrThrow());
    }

    /**
     * 0, 1, 2, ... for BERT and DistilBERT; for RoBERTa, transformers' {@code create_position_ids_from_input_ids}:
     * padding_idx + the running count of non-pad tokens, and padding_idx itself on pad tokens. Created in the batch's
     * manager: results of ops whose first operand is a parameter would be attached to the model's manager and leak
     * one array per step.
     */
    private NDArray positionIds(NDArray ids) {
        if (layout.family() != ModelLayout.Family.ROBERTA) {
            return ids.getManager().arange(0L, ids.getShape().get(1), 1L, DataType.INT64, ids.getDevice());
        }
        long pad = layout.padTokenId();
        NDArray real = ids.neq(pad).toType(DataType.INT64, false);
        return real.cumSum(1).mul(real).add(pad);
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
