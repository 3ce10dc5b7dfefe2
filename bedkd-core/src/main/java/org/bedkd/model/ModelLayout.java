package org.bedkd.model;

import java.util.Locale;

/**
 * Which Hugging Face architecture a classifier reproduces: where positions start, which activation the feed-forward
 * uses and what head sits on the encoder. Each family computes exactly what its transformers class computes.
 *
 * @param family the architecture
 * @param activation the feed-forward activation ({@code hidden_act} / {@code activation} in config.json)
 * @param padTokenId the padding token (RoBERTa's positions are counted from it)
 * @param frozenPositions position embeddings are fixed (DistilBERT's sinusoidal table), never trained
 */
public record ModelLayout(Family family, Activation activation, int padTokenId, boolean frozenPositions) {

    public ModelLayout {
        if (family == null || activation == null) {
            throw new IllegalArgumentException("a model layout needs a family and an activation");
        }
        if (padTokenId < 0) {
            throw new IllegalArgumentException("pad token id must be >= 0, was " + padTokenId);
        }
    }

    /** sentence-transformers all-MiniLM-L6-v2 with a linear head on the pooled states: what train-victim makes. */
    public static final ModelLayout SENTENCE_MINILM = new ModelLayout(Family.SENTENCE, Activation.GELU, 0, false);

    /** Index of the first real token's position embedding: RoBERTa skips 0..padding_idx. */
    public int positionOffset() {
        return family == Family.ROBERTA ? padTokenId + 1 : 0;
    }

    /** The architectures. */
    public enum Family {
        /** BERT encoder, {@link Pooling} over the states, one linear layer ({@code classifier}). */
        SENTENCE("BertModel"),
        /** {@code BertForSequenceClassification}: pooler dense + tanh on [CLS], then {@code classifier}. */
        BERT("BertForSequenceClassification"),
        /** {@code RobertaForSequenceClassification}: dense + tanh + out_proj on {@code <s>}. */
        ROBERTA("RobertaForSequenceClassification"),
        /** {@code DistilBertForSequenceClassification}: pre_classifier + ReLU + classifier on [CLS]. */
        DISTILBERT("DistilBertForSequenceClassification");

        private final String transformersClass;

        Family(String transformersClass) {
            this.transformersClass = transformersClass;
        }

        /** The class named in config.json's {@code architectures}. */
        public String transformersClass() {
            return transformersClass;
        }
    }

    /** Feed-forward activations, by their transformers names. */
    public enum Activation {
        /** Exact GELU (erf). */
        GELU("gelu"),
        /** GELU's tanh approximation ({@code gelu_new}, {@code gelu_pytorch_tanh}). */
        GELU_TANH("gelu_new"),
        RELU("relu");

        private final String hfName;

        Activation(String hfName) {
            this.hfName = hfName;
        }

        public String hfName() {
            return hfName;
        }

        /** The activation transformers means by {@code name}; an unknown name is refused, never approximated. */
        public static Activation fromHf(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "gelu" -> GELU;
                case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> GELU_TANH;
                case "relu" -> RELU;
                default -> throw new IllegalArgumentException("unsupported activation '" + name
                        + "' (supported: gelu, gelu_new, gelu_pytorch_tanh, relu)");
            };
        }
    }
}
