package org.bedkd.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bedkd.model.CheckpointException;
import org.bedkd.model.ClassifierConfig;
import org.bedkd.model.ClassifierConfigBuilder;
import org.bedkd.model.EncoderConfig;
import org.bedkd.model.EncoderConfigBuilder;
import org.bedkd.model.ModelLayout;
import org.bedkd.model.ModelLayout.Family;
import org.bedkd.model.Pooling;

/**
 * A transformers {@code config.json}, read into our classifier configuration. Every option that changes what the
 * model computes is either honoured or refused with its name: an unsupported architecture, position embedding type,
 * problem type or activation never becomes a silent approximation.
 *
 * @param config the classifier configuration
 * @param labels class names in id order, from {@code id2label} ({@code LABEL_i} when the config has none)
 */
public record HfConfig(ClassifierConfig config, List<String> labels) {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BYTES = 1L << 20;
    /** What our own export of the sentence layout adds to a {@code BertModel} config (see {@link HfExport}). */
    static final String SENTENCE_HEAD = "bedkd_sentence_head";

    /** Reads {@code config.json}; {@code maxSequenceLength} is capped at what the positions allow. */
    public static HfConfig read(Path file, int maxSequenceLength) {
        JsonNode root;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new CheckpointException(file + " is " + Files.size(file) + " bytes; a config.json is at most "
                        + MAX_BYTES);
            }
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new CheckpointException(file + " is not readable JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file + " is not a JSON object");
        }
        try {
            return parse(root, maxSequenceLength);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file + ": " + e.getMessage(), e);
        }
    }

    static HfConfig parse(JsonNode c, int maxSequenceLength) {
        Family family = family(c);
        String problem = c.path("problem_type").asText("single_label_classification");
        if (!c.path("problem_type").isNull() && !problem.equals("single_label_classification")) {
            throw new IllegalArgumentException("problem_type '" + problem + "' is not supported (only single-label "
                    + "classification: the defense reasons about one predicted class per text)");
        }
        List<String> labels = labels(c);
        EncoderConfig encoder;
        ModelLayout layout;
        float headDropout;
        if (family == Family.DISTILBERT) {
            encoder = EncoderConfigBuilder.builder().vocabSize(integer(c, "vocab_size")).hiddenSize(integer(c, "dim"))
                    .layers(integer(c, "n_layers")).heads(integer(c, "n_heads"))
                    .intermediateSize(integer(c, "hidden_dim")).maxPositions(integer(c, "max_position_embeddings"))
                    .typeVocabSize(0).layerNormEps(1e-12f).hiddenDropout(real(c, "dropout", 0.1f))
                    .attentionDropout(real(c, "attention_dropout", 0.1f)).build();
            layout = new ModelLayout(family, ModelLayout.Activation.fromHf(c.path("activation").asText("gelu")),
                    c.path("pad_token_id").asInt(0), c.path("sinusoidal_pos_embds").asBoolean(false));
            headDropout = real(c, "seq_classif_dropout", 0.2f);
        } else {
            String positions = c.path("position_embedding_type").asText("absolute");
            if (!positions.equals("absolute")) {
                throw new IllegalArgumentException("position_embedding_type '" + positions
                        + "' is not supported (only 'absolute')");
            }
            if (c.path("is_decoder").asBoolean(false) || c.path("add_cross_attention").asBoolean(false)) {
                throw new IllegalArgumentException("decoder / cross-attention configurations are not supported");
            }
            float hiddenDropout = real(c, "hidden_dropout_prob", 0.1f);
            encoder = EncoderConfigBuilder.builder().vocabSize(integer(c, "vocab_size"))
                    .hiddenSize(integer(c, "hidden_size")).layers(integer(c, "num_hidden_layers"))
                    .heads(integer(c, "num_attention_heads")).intermediateSize(integer(c, "intermediate_size"))
                    .maxPositions(integer(c, "max_position_embeddings")).typeVocabSize(c.path("type_vocab_size").asInt(2))
                    .layerNormEps(real(c, "layer_norm_eps", 1e-12f)).hiddenDropout(hiddenDropout)
                    .attentionDropout(real(c, "attention_probs_dropout_prob", 0.1f)).build();
            layout = new ModelLayout(family, ModelLayout.Activation.fromHf(c.path("hidden_act").asText("gelu")),
                    c.path("pad_token_id").asInt(family == Family.ROBERTA ? 1 : 0), false);
            headDropout = c.hasNonNull("classifier_dropout") ? real(c, "classifier_dropout", hiddenDropout)
                    : hiddenDropout;
        }
        Pooling pooling = Pooling.CLS;
        if (family == Family.SENTENCE) {
            pooling = Pooling.valueOf(c.path(SENTENCE_HEAD).path("pooling").asText("mean").toUpperCase(
                    java.util.Locale.ROOT));
        }
        int length = Math.min(maxSequenceLength, encoder.maxPositions() - layout.positionOffset());
        return new HfConfig(ClassifierConfigBuilder.builder().encoder(encoder).numClasses(labels.size())
                .pooling(pooling).maxSequenceLength(length).headDropout(headDropout).layout(layout).build(), labels);
    }

    private static Family family(JsonNode c) {
        JsonNode archs = c.path("architectures");
        if (!archs.isArray() || archs.size() != 1) {
            throw new IllegalArgumentException("'architectures' must name one class, was " + archs
                    + " (supported: BertForSequenceClassification, RobertaForSequenceClassification, "
                    + "DistilBertForSequenceClassification)");
        }
        String arch = archs.get(0).asText();
        for (Family f : Family.values()) {
            if (f.transformersClass().equals(arch) && (f != Family.SENTENCE || c.has(SENTENCE_HEAD))) {
                return f;
            }
        }
        throw new IllegalArgumentException("architecture '" + arch + "' is not supported (supported: "
                + "BertForSequenceClassification, RobertaForSequenceClassification, "
                + "DistilBertForSequenceClassification, and BertModel with a " + SENTENCE_HEAD + " as bedkd exports)");
    }

    /** id2label in id order; the ids must be exactly 0..n-1 and agree with num_labels / label2id where given. */
    private static List<String> labels(JsonNode c) {
        JsonNode id2label = c.path("id2label");
        TreeMap<Integer, String> byId = new TreeMap<>();
        if (id2label.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = id2label.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                int id;
                try {
                    id = Integer.parseInt(e.getKey());
                } catch (NumberFormatException notANumber) {
                    throw new IllegalArgumentException("id2label has a non-numeric id '" + e.getKey() + "'");
                }
                byId.put(id, e.getValue().asText());
            }
        }
        int n = c.hasNonNull("num_labels") ? c.get("num_labels").asInt() : byId.isEmpty() ? 2 : byId.size();
        if (byId.isEmpty()) {
            for (int i = 0; i < n; i++) {
                byId.put(i, "LABEL_" + i);
            }
        }
        if (byId.size() != n || byId.firstKey() != 0 || byId.lastKey() != n - 1) {
            throw new IllegalArgumentException("id2label " + byId + " does not number " + n + " classes 0.." + (n - 1));
        }
        List<String> labels = new ArrayList<>(byId.values());
        if (labels.stream().distinct().count() != labels.size()) {
            throw new IllegalArgumentException("id2label names a class twice: " + labels);
        }
        JsonNode label2id = c.path("label2id");
        if (label2id.isObject() && label2id.size() > 0) {
            for (int i = 0; i < labels.size(); i++) {
                if (label2id.path(labels.get(i)).asInt(-1) != i) {
                    throw new IllegalArgumentException("label2id " + label2id + " disagrees with id2label " + byId);
                }
            }
        }
        return labels;
    }

    private static int integer(JsonNode c, String key) {
        JsonNode v = c.get(key);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException("'" + key + "' is missing or not an integer");
        }
        return v.asInt();
    }

    private static float real(JsonNode c, String key, float fallback) {
        JsonNode v = c.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("'" + key + "' is not a number: " + v);
        }
        return v.floatValue();
    }

    /** A config.json for a classifier that was not imported (ours), in its family's transformers terms. */
    static ObjectNode synthesize(ClassifierConfig config, List<String> labels) {
        ModelLayout layout = config.layout();
        EncoderConfig e = config.encoder();
        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add(layout.family().transformersClass());
        if (layout.family() == Family.DISTILBERT) {
            c.put("model_type", "distilbert").put("vocab_size", e.vocabSize()).put("dim", e.hiddenSize())
                    .put("n_layers", e.layers()).put("n_heads", e.heads()).put("hidden_dim", e.intermediateSize())
                    .put("max_position_embeddings", e.maxPositions()).put("dropout", e.hiddenDropout())
                    .put("attention_dropout", e.attentionDropout()).put("seq_classif_dropout", config.headDropout())
                    .put("activation", layout.activation().hfName())
                    .put("sinusoidal_pos_embds", layout.frozenPositions());
        } else {
            c.put("model_type", layout.family() == Family.ROBERTA ? "roberta" : "bert")
                    .put("vocab_size", e.vocabSize()).put("hidden_size", e.hiddenSize())
                    .put("num_hidden_layers", e.layers()).put("num_attention_heads", e.heads())
                    .put("intermediate_size", e.intermediateSize())
                    .put("max_position_embeddings", e.maxPositions()).put("type_vocab_size", e.typeVocabSize())
                    .put("layer_norm_eps", e.layerNormEps()).put("hidden_dropout_prob", e.hiddenDropout())
                    .put("attention_probs_dropout_prob", e.attentionDropout())
                    .put("classifier_dropout", config.headDropout()).put("hidden_act", layout.activation().hfName())
                    .put("position_embedding_type", "absolute");
        }
        c.put("pad_token_id", layout.padTokenId());
        if (layout.family() == Family.SENTENCE) {
            // transformers has no mean-pooling sequence classifier: BertModel loads the encoder; this says how the
            // head (classifier.weight / classifier.bias in the same file) is applied. See the README.
            c.putObject(SENTENCE_HEAD).put("pooling", config.pooling().name().toLowerCase(java.util.Locale.ROOT))
                    .put("dropout", config.headDropout()).put("weight", "classifier.weight")
                    .put("bias", "classifier.bias");
        }
        c.put("num_labels", labels.size());
        ObjectNode id2label = c.putObject("id2label");
        ObjectNode label2id = c.putObject("label2id");
        for (int i = 0; i < labels.size(); i++) {
            id2label.put(String.valueOf(i), labels.get(i));
            label2id.put(labels.get(i), i);
        }
        c.put("problem_type", "single_label_classification");
        c.put("torch_dtype", "float32");
        return c;
    }
}
