package org.bedkd.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bedkd.data.Dataset;
import org.bedkd.data.Sample;
import org.bedkd.model.BatchEncoder;
import org.bedkd.model.TextClassifier;
import org.bedkd.train.loss.BatchTargets;
import org.bedkd.train.loss.TrainingLoss;

/**
 * The data of one training phase, tokenised once: token ids, the label each sample is trained toward (which may differ
 * from its dataset label, e.g. the DMM's flipped labels), and optionally the frozen teacher's outputs.
 */
public final class TrainingSet {

    private final String name;
    private final long[][] tokens;
    private final int[] labels;
    private final TeacherSource teacher;

    private TrainingSet(String name, long[][] tokens, int[] labels, TeacherSource teacher) {
        if (tokens.length != labels.length) {
            throw new IllegalArgumentException("tokens and labels differ in length");
        }
        this.name = name;
        this.tokens = tokens;
        this.labels = labels;
        this.teacher = teacher;
    }

    /** Tokenises {@code texts} with {@code model}'s tokenizer. */
    public static TrainingSet of(String name, TextClassifier model, List<String> texts, int[] labels) {
        return new TrainingSet(name, model.tokenizer().encode(texts), labels.clone(), null);
    }

    /** A phase that trains toward each sample's own label. */
    public static TrainingSet of(TextClassifier model, Dataset data) {
        return of(data.name(), model, data.texts(), data.labels());
    }

    /** A phase that trains every sample toward a label chosen per sample. */
    public static TrainingSet relabelled(TextClassifier model, Dataset data, java.util.function.ToIntFunction<Sample> label) {
        return of(data.name(), model, data.texts(), data.stream().mapToInt(label).toArray());
    }

    /** The same samples with the teacher's outputs cached (teacher and student must share a tokenizer). */
    public TrainingSet withTeacher(TextClassifier teacher, boolean withHidden, int batchSize) {
        return new TrainingSet(name, tokens, labels, TeacherOutputs.compute(teacher, tokens, withHidden, batchSize));
    }

    /**
     * The same samples with the teacher's logits computed on other texts, row for row: each sample is distilled toward
     * what the teacher says about another version of it (the same sentence without a trigger).
     */
    public TrainingSet withTeacherOn(TextClassifier teacher, List<String> teacherTexts, int batchSize) {
        if (teacherTexts.size() != tokens.length) {
            throw new IllegalArgumentException("teacher texts and samples differ in number");
        }
        // Each distinct text once: the trust pass's triggered copies name every clean sentence twice.
        Map<String, Integer> distinct = new LinkedHashMap<>();
        int[] index = teacherTexts.stream().mapToInt(t -> distinct.computeIfAbsent(t, k -> distinct.size())).toArray();
        return new TrainingSet(name, tokens, labels, TeacherOutputs.compute(teacher,
                teacher.tokenizer().encode(List.copyOf(distinct.keySet())), false, batchSize).rows(index));
    }

    /**
     * The teacher outputs {@code loss} reads, and only those: none when it reads none (e.g. the DMM loss at α = 1,
     * whose soft terms weigh 0), hidden states only when it reads them. Cached, or (for the speed ablation) with the
     * teacher run again on every batch.
     */
    public TrainingSet withTeacherFor(TrainingLoss loss, TextClassifier teacher, int batchSize, TrainSpeed speed) {
        boolean hidden = loss.needsTeacherHidden();
        if (!hidden && !loss.needsTeacherLogits()) {
            return this;
        }
        return speed.teacherCache() ? withTeacher(teacher, hidden, batchSize)
                : new TrainingSet(name, tokens, labels, new LiveTeacher(teacher, hidden));
    }

    public String name() {
        return name;
    }

    public int size() {
        return tokens.length;
    }

    public long[][] tokens() {
        return tokens;
    }

    public int[] labels() {
        return labels.clone();
    }

    /** Model inputs for {@code rows}, as {@code model} takes them. */
    NDList inputs(NDManager m, int[] rows, TextClassifier model) {
        return model.inputs(m, tokens, rows);
    }

    /** Loss targets for {@code rows}, aligned with {@link #inputs}. */
    BatchTargets targets(NDManager m, int[] rows, NDList inputs, boolean wantLogits, boolean wantHidden) {
        long[] l = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            l[i] = labels[rows[i]];
        }
        if ((wantLogits || wantHidden) && teacher == null) {
            throw new IllegalStateException("phase '" + name + "' needs teacher outputs; use withTeacher(...)");
        }
        if (wantHidden && !teacher.hasHidden()) {
            throw new IllegalStateException("phase '" + name + "' needs teacher hidden states; use withTeacher(.., true, ..)");
        }
        return new BatchTargets(m.create(l), wantLogits ? teacher.logits(m, rows, inputs) : null,
                wantHidden ? teacher.hidden(m, rows, inputs) : null, inputs.get(1).toType(DataType.FLOAT32, false));
    }
}
