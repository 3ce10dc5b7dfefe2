package org.bedkd.defense.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bedkd.model.TextClassifier;

/**
 * STRIP (Gao et al., 2019; for text, STRIP-ViTA, Gao et al., 2021): copies of an input with a share of its words
 * replaced by words from clean text change a clean input's prediction now and then, but not a triggered one's, whose
 * trigger survives most replacements and keeps deciding. Low entropy of the copies' predictions means triggered; the
 * threshold is the entropy quantile of clean validation inputs at the accepted false-rejection rate, and a refused
 * input gets no answer.
 */
public final class Strip implements InputFilter {

    public static final int COPIES = 10;
    public static final double SWAP = 0.5;
    public static final double FRR = 0.05;

    private final List<String> pool;
    private final int copies;
    private final double swap;
    private final double threshold;
    private final double frr;
    private final long seed;
    private final int batchSize;

    private Strip(List<String> pool, int copies, double swap, double threshold, double frr, long seed, int batchSize) {
        this.pool = pool;
        this.copies = copies;
        this.swap = swap;
        this.threshold = threshold;
        this.frr = frr;
        this.seed = seed;
        this.batchSize = batchSize;
    }

    /**
     * Takes replacement words from {@code clean} and sets the threshold on {@code validation} (clean too) so that a
     * share {@code frr} of it would be refused.
     */
    public static Strip fit(TextClassifier model, List<String> clean, List<String> validation, double frr, long seed,
            int batchSize) {
        List<String> pool = clean.stream().flatMap(t -> Words.of(t).stream()).toList();
        if (pool.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("STRIP needs clean text for its replacement words and its threshold");
        }
        Strip unfitted = new Strip(pool, COPIES, SWAP, Double.NEGATIVE_INFINITY, frr, seed, batchSize);
        double[] entropies = unfitted.entropies(model, validation);
        Arrays.sort(entropies);
        double threshold = entropies[(int) Math.min(entropies.length - 1, Math.floor(frr * entropies.length))];
        return new Strip(pool, COPIES, SWAP, threshold, frr, seed, batchSize);
    }

    @Override
    public String name() {
        return "strip";
    }

    @Override
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%d copies, %.0f %% of words replaced, entropy threshold %.4f"
                + " (clean FRR %.0f %%)", copies, 100 * swap, threshold, 100 * frr);
    }

    /** Score: the mean prediction entropy over the copies (low = triggered). */
    @Override
    public List<Screened> screen(TextClassifier model, List<String> texts) {
        double[] h = entropies(model, texts);
        List<Screened> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            out.add(new Screened(texts.get(i), h[i] < threshold, h[i]));
        }
        return out;
    }

    /** Mean entropy (nats) of the model's prediction over the perturbed copies of each text. */
    double[] entropies(TextClassifier model, List<String> texts) {
        List<String> perturbed = new ArrayList<>(texts.size() * copies);
        for (String text : texts) {
            // Seeded by the text: the same input always gets the same copies.
            Random random = new Random(seed ^ text.hashCode());
            List<String> words = Words.of(text);
            for (int c = 0; c < copies; c++) {
                List<String> copy = new ArrayList<>(words);
                for (int w = 0; w < copy.size(); w++) {
                    if (random.nextDouble() < swap) {
                        copy.set(w, pool.get(random.nextInt(pool.size())));
                    }
                }
                perturbed.add(copy.isEmpty() ? text : Words.join(copy));
            }
        }
        float[][] p = model.probabilities(perturbed, batchSize);
        double[] out = new double[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            double sum = 0;
            for (int c = 0; c < copies; c++) {
                for (float q : p[i * copies + c]) {
                    sum -= q > 0 ? q * Math.log(q) : 0;
                }
            }
            out[i] = sum / copies;
        }
        return out;
    }

    public double threshold() {
        return threshold;
    }
}
