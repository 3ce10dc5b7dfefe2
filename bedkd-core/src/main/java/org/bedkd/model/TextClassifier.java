package org.bedkd.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bedkd.data.LabelSchema;

/**
 * A text classifier: a DJL {@link Model} around a {@link TextClassifierBlock}, its tokenizer and label schema. Create
 * one from the pretrained MiniLM weights, {@link #copy copy} one (teacher, student and DMM start as copies of the
 * suspect model), or {@link Checkpoints#load load} one.
 */
public final class TextClassifier implements AutoCloseable {

    /** Texts from which one {@link #probabilities} call prepares the weights once rather than per batch. */
    static final int PREPARED_FROM = 12;
    private final String name;
    private final Model model;
    private final TextClassifierBlock block;
    private final TextTokenizer tokenizer;
    private final LabelSchema schema;
    /** Files of the Hugging Face directory this model came from (config.json, tokenizer_config.json, ...), by name. */
    private volatile Map<String, byte[]> hfFiles = Map.of();
    /** Open {@link #frozenForInference} scopes, and the manager owning their bf16 weight copies. */
    private int frozenScopes;
    private NDManager frozenWeights;

    TextClassifier(String name, ClassifierConfig config, TextTokenizer tokenizer, LabelSchema schema, boolean initialize) {
        DjlRuntime.configure();
        if (config.numClasses() != schema.size()) {
            throw new IllegalArgumentException("config has " + config.numClasses() + " classes, schema "
                    + schema.name() + " has " + schema.size());
        }
        this.name = name;
        this.schema = schema;
        this.tokenizer = tokenizer;
        this.block = new TextClassifierBlock(config);
        this.model = Model.newInstance(name, DjlRuntime.device());
        block.setPrecision(DjlRuntime.precision());
        model.setBlock(block);
        if (initialize) {
            block.initialize(model.getNDManager(), DataType.FLOAT32, block.inputShapes());
        }
    }

    /**
     * A classifier whose encoder starts from the pretrained all-MiniLM-L6-v2 weights (its first
     * {@code config.encoder().layers()} layers) and whose head is freshly initialised.
     */
    public static TextClassifier fromPretrainedMiniLm(String name, LabelSchema schema, ClassifierConfig config) {
        return fromPretrained(PretrainedEncoder.MINILM_L6, name, schema, config);
    }

    /**
     * A classifier whose encoder starts from {@code encoder}'s pretrained weights (its first
     * {@code config.encoder().layers()} layers) and whose head is freshly initialised.
     */
    public static TextClassifier fromPretrained(PretrainedEncoder encoder, String name, LabelSchema schema,
            ClassifierConfig config) {
        EncoderConfig reference = encoder.config();
        EncoderConfig enc = config.encoder();
        if (enc.hiddenSize() != reference.hiddenSize() || enc.vocabSize() != reference.vocabSize()
                || enc.layers() > reference.layers() || enc.intermediateSize() != reference.intermediateSize()) {
            throw new IllegalArgumentException(encoder.id() + " weights need hidden " + reference.hiddenSize()
                    + ", vocab " + reference.vocabSize() + ", FFN " + reference.intermediateSize() + " and at most "
                    + reference.layers() + " layers; got " + enc);
        }
        TextTokenizer tokenizer = TextTokenizer.fromJson(encoder.tokenizerJson(), config.maxSequenceLength());
        TextClassifier c = new TextClassifier(name, config, tokenizer, schema, true);
        c.loadHuggingFaceWeights(encoder.weights());
        return c;
    }

    /** A classifier with freshly initialised weights, to be filled by {@link #loadStateDict}. */
    public static TextClassifier create(String name, ClassifierConfig config, TextTokenizer tokenizer,
            LabelSchema schema) {
        return new TextClassifier(name, config, tokenizer, schema, true);
    }

    /**
     * Sets every parameter from a {@code save_pretrained} state dict of this model's family ({@link
     * TextClassifierBlock#stateDict}); a missing tensor or a wrong shape fails naming the tensor and {@code source}.
     */
    public void loadStateDict(Map<String, Tensor> weights, String source) {
        requireUnfrozen();
        for (Map.Entry<String, Parameter> e : block.stateDict().entrySet()) {
            Tensor t = weights.get(e.getKey());
            if (t == null) {
                throw new CheckpointException(source + " lacks tensor '" + e.getKey() + "' that "
                        + config().layout().family().transformersClass() + " with " + config().encoder().layers()
                        + " layers needs");
            }
            NDArray target = e.getValue().getArray();
            long[] want = target.getShape().getShape();
            if (!java.util.Arrays.equals(want, t.shape())) {
                throw new CheckpointException(source + ": tensor '" + e.getKey() + "' has shape "
                        + java.util.Arrays.toString(t.shape()) + ", its config.json implies "
                        + java.util.Arrays.toString(want));
            }
            target.set(FloatBuffer.wrap(t.data()));
        }
    }

    /** Every parameter under its {@code save_pretrained} name, copied to the heap. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        block.stateDict().forEach((name, p) -> out.put(name, new Tensor(p.getArray().getShape().getShape(),
                p.getArray().toFloatArray())));
        return out;
    }

    /** The Hugging Face side files this model carries (empty unless it was imported from a HF directory). */
    public Map<String, byte[]> hfFiles() {
        return hfFiles;
    }

    /** Attaches the Hugging Face side files (config.json, tokenizer_config.json, ...) to carry into exports. */
    public TextClassifier withHfFiles(Map<String, byte[]> files) {
        Map<String, byte[]> copy = new java.util.TreeMap<>();
        files.forEach((k, v) -> copy.put(k, v.clone()));
        this.hfFiles = java.util.Collections.unmodifiableMap(copy);
        return this;
    }

    /** Copies HuggingFace-named weights into the encoder; every encoder parameter must be present with its shape. */
    public void loadHuggingFaceWeights(Map<String, Tensor> weights) {
        requireUnfrozen();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : block.huggingFaceParameters().entrySet()) {
            Tensor t = weights.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
                continue;
            }
            NDArray target = e.getValue().getArray();
            long[] want = target.getShape().getShape();
            long[] have = t.shape();
            if (e.getKey().equals("embeddings.position_embeddings.weight") && have.length == 2 && have[0] >= want[0]
                    && have[1] == want[1]) {
                // A model configured for fewer positions takes the first rows.
                float[] rows = java.util.Arrays.copyOf(t.data(), Math.toIntExact(want[0] * want[1]));
                target.set(FloatBuffer.wrap(rows));
                continue;
            }
            if (!java.util.Arrays.equals(want, have)) {
                throw new IllegalArgumentException("weight " + e.getKey() + " has shape " + java.util.Arrays.toString(have)
                        + ", model expects " + java.util.Arrays.toString(want));
            }
            target.set(FloatBuffer.wrap(t.data()));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("pretrained weights lack " + missing.size() + " tensors, e.g. "
                    + missing.get(0));
        }
    }

    /** An independent classifier with the same configuration and a copy of every weight. */
    public TextClassifier copy(String copyName) {
        TextTokenizer tk = TextTokenizer.fromJson(tokenizer.json(), tokenizer.maxLength());
        TextClassifier c = new TextClassifier(copyName, block.config(), tk, schema, true);
        c.copyWeightsFrom(this);
        c.hfFiles = hfFiles;
        c.setPrecision(precision());
        return c;
    }

    /** Overwrites this model's weights with {@code other}'s (same configuration). */
    public void copyWeightsFrom(TextClassifier other) {
        requireUnfrozen();
        var src = other.block.getParameters();
        var dst = block.getParameters();
        if (src.size() != dst.size()) {
            throw new IllegalArgumentException("models differ in structure");
        }
        for (int i = 0; i < src.size(); i++) {
            Pair<String, Parameter> s = src.get(i);
            Pair<String, Parameter> d = dst.get(i);
            if (!s.getKey().equals(d.getKey()) || !s.getValue().getArray().getShape()
                    .equals(d.getValue().getArray().getShape())) {
                throw new IllegalArgumentException("models differ at parameter " + s.getKey());
            }
            d.getValue().getArray().set(s.getValue().getArray().toByteBuffer());
        }
    }

    /**
     * Adds {@code shift[c]} to class c's logit for every input, through the classifier's output bias (so a saved or
     * exported model carries it).
     */
    public void shiftLogits(float[] shift) {
        requireUnfrozen();
        if (shift.length != schema.size()) {
            throw new IllegalArgumentException("one shift per class: " + schema.size());
        }
        NDArray bias = block.head.getParameters().get("bias").getArray();
        float[] b = bias.toFloatArray();
        for (int c = 0; c < b.length; c++) {
            b[c] += shift[c];
        }
        bias.set(b);
    }

    /** Class probabilities for each text, in input order. */
    public float[][] probabilities(List<String> texts, int batchSize) {
        return probabilities(tokenizer.encode(texts), batchSize);
    }

    /**
     * Class probabilities for pre-tokenised texts, in input order (batched by length, no gradient). From
     * {@link #PREPARED_FROM} texts on, the weights are prepared once for the call ({@link #frozenForInference}) instead
     * of cast for every batch: in bf16 on MiniLM-L6 here preparing costs 13 ms (one script call per layer); prepared
     * so, one call of 8 texts took 31 ms against 31 with per-batch casts, 12 texts 36 against 39, 16 texts 40 against
     * 47, and a validation pass of 400 texts 403 against 610 (results/PERFORMANCE.md).
     */
    public float[][] probabilities(long[][] tokens, int batchSize) {
        List<int[]> batches = BatchEncoder.inferenceBatches(BatchEncoder.lengths(tokens), batchSize, true);
        if (tokens.length >= PREPARED_FROM) {
            try (FrozenScope frozen = frozenForInference()) {
                return probabilities(tokens, batches);
            }
        }
        return probabilities(tokens, batches);
    }

    private float[][] probabilities(long[][] tokens, List<int[]> batches) {
        float[][] out = new float[tokens.length][];
        int classes = schema.size();
        for (int[] rows : batches) {
            try (NoGrad noGrad = NoGrad.scope(); NDManager batch = model.getNDManager().newSubManager()) {
                NDArray logits = forward(new ParameterStore(batch, false), inputs(batch, tokens, rows), false).get(0);
                float[] p = logits.softmax(-1).toFloatArray();
                for (int i = 0; i < rows.length; i++) {
                    out[rows[i]] = java.util.Arrays.copyOfRange(p, i * classes, (i + 1) * classes);
                }
            }
        }
        return out;
    }

    /** Most likely class of each text. */
    public int[] predict(List<String> texts, int batchSize) {
        return argmax(probabilities(texts, batchSize));
    }

    public static int[] argmax(float[][] probabilities) {
        int[] out = new int[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            int best = 0;
            for (int c = 1; c < probabilities[i].length; c++) {
                if (probabilities[i][c] > probabilities[i][best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Model inputs for {@code rows} of {@code tokens}, padded with this model's pad token. */
    public NDList inputs(NDManager manager, long[][] tokens, int[] rows) {
        return BatchEncoder.inputs(manager, tokens, rows, config().layout().padTokenId());
    }

    /** Runs the block: returns [logits, last hidden states]. */
    public NDList forward(ParameterStore ps, NDList inputs, boolean training) {
        return block.forward(ps, inputs, training);
    }

    /** How the encoder computes (the process default, {@link DjlRuntime#precision}, unless set). */
    public Precision precision() {
        return block.precision();
    }

    /** Switches the encoder's compute precision; the weights are unchanged (float32 either way). */
    public TextClassifier setPrecision(Precision precision) {
        if (precision != precision()) {
            requireUnfrozen();
        }
        block.setPrecision(precision);
        return this;
    }

    /**
     * Serves inference from bf16 copies of the encoder's projection weights, cast once, until the returned scope
     * closes: otherwise every batch casts them again (10.6 M weights for MiniLM-L6, about a tenth of a bf16 batch).
     * For a model whose weights do not change meanwhile, as MEPD's suspect and DMM while they score a set; changing
     * them inside the scope ({@link #copyWeightsFrom}, loading, {@link #shiftLogits}, training, a precision switch)
     * throws. Scopes nest; in fp32 a scope changes nothing.
     */
    public synchronized FrozenScope frozenForInference() {
        if (frozenScopes++ == 0 && precision() == Precision.BF16) {
            frozenWeights = model.getNDManager().newSubManager();
            try {
                List<TransformerLayer> layers = block.layers;
                for (int i = 0; i < layers.size(); i++) {
                    layers.get(i).freeze(frozenWeights, i == layers.size() - 1);
                }
            } catch (RuntimeException e) {
                thaw();
                throw e;
            }
        }
        return new FrozenScope(this);
    }

    /** An open {@link #frozenForInference} scope; closing it more than once is harmless. */
    public static final class FrozenScope implements AutoCloseable {
        private TextClassifier model;

        private FrozenScope(TextClassifier model) {
            this.model = model;
        }

        @Override
        public void close() {
            TextClassifier m = model;
            model = null;
            if (m != null) {
                synchronized (m) {
                    if (--m.frozenScopes == 0) {
                        m.thaw();
                    }
                }
            }
        }
    }

    private void thaw() {
        block.layers.forEach(TransformerLayer::unfreeze);
        if (frozenWeights != null) {
            frozenWeights.close();
            frozenWeights = null;
        }
        frozenScopes = 0;
    }

    /** Fails while a {@link #frozenForInference} scope is open: its weight copies would go stale. */
    public synchronized void requireUnfrozen() {
        if (frozenScopes > 0) {
            throw new IllegalStateException(name + " is frozen for inference; its weights cannot change until the "
                    + "scope closes");
        }
    }

    /** Freezes (or unfreezes) the word-embedding table for training. */
    public void freezeWordEmbeddings(boolean freeze) {
        block.wordEmbeddings().freeze(freeze);
    }

    public String name() {
        return name;
    }

    public Model model() {
        return model;
    }

    public TextClassifierBlock block() {
        return block;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public LabelSchema schema() {
        return schema;
    }

    public ClassifierConfig config() {
        return block.config();
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}
