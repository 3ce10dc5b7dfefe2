package org.bedkd.defense.mepd;

import java.util.ArrayList;
import java.util.List;
import org.bedkd.data.Dataset;
import org.bedkd.data.Sample;
import org.bedkd.model.TextClassifier;

/**
 * MEPD(x) = (1/C) Σ_y |p_suspect(y|x) − p_dmm(y|x)|. Stateless apart from the two models, so it scores a whole set
 * or one micro-batch of a stream the same way.
 */
public final class MepdScorer {

    private final TextClassifier suspect;
    private final TextClassifier dmm;
    private final int batchSize;

    public MepdScorer(TextClassifier suspect, TextClassifier dmm, int batchSize) {
        if (!suspect.schema().equals(dmm.schema())) {
            throw new IllegalArgumentException("suspect model and DMM have different label schemas");
        }
        if (suspect.tokenizer().maxLength() != dmm.tokenizer().maxLength()) {
            throw new IllegalArgumentException("suspect model and DMM truncate texts differently");
        }
        this.suspect = suspect;
        this.dmm = dmm;
        this.batchSize = batchSize;
    }

    /**
     * Both models' probabilities, each model's weights cast to bf16 once for the whole pass (neither changes while
     * it scores).
     */
    private float[][][] probabilities(long[][] tokens) {
        try (var s = suspect.frozenForInference(); var d = dmm.frozenForInference()) {
            return new float[][][] {suspect.probabilities(tokens, batchSize), dmm.probabilities(tokens, batchSize)};
        }
    }

    /** Asks the suspect model what a word inserted into {@code clean} sentences does ({@link TriggerProbe}). */
    public TriggerProbe probe(Dataset clean) {
        return TriggerProbe.inserting(suspect, clean, batchSize);
    }

    /** MEPD of two probability vectors. */
    public static float mepd(float[] p, float[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("distributions differ in size");
        }
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += Math.abs(p[i] - q[i]);
        }
        return (float) (sum / p.length);
    }

    /** Scores each sample, in input order (texts are tokenised once for both models). */
    public List<ScoredSample> score(List<Sample> samples) {
        if (samples.isEmpty()) {
            return List.of();
        }
        long[][] tokens = suspect.tokenizer().encode(samples.stream().map(Sample::text).toList());
        float[][][] pq = probabilities(tokens);
        float[][] p = pq[0];
        float[][] q = pq[1];
        List<ScoredSample> out = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            out.add(new ScoredSample(s.id(), mepd(p[i], q[i]), s.label(), s.poisoned()));
        }
        return out;
    }

    /**
     * MEPD and the suspect model's predicted class of each text, in input order: what a screening verdict reports.
     *
     * @param mepd MEPD per text
     * @param predicted the suspect model's most likely class per text
     */
    public record Screened(float[] mepd, int[] predicted) {
    }

    public Screened screen(List<String> texts) {
        if (texts.isEmpty()) {
            return new Screened(new float[0], new int[0]);
        }
        return screen(suspect.tokenizer().encode(texts));
    }

    /** As {@link #screen(List)}, for texts the suspect model's tokenizer already encoded. */
    public Screened screen(long[][] tokens) {
        float[][][] pq = probabilities(tokens);
        float[][] p = pq[0];
        float[][] q = pq[1];
        float[] m = new float[tokens.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = mepd(p[i], q[i]);
        }
        return new Screened(m, TextClassifier.argmax(p));
    }
}
