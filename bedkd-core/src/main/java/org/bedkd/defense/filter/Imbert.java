package org.bedkd.defense.filter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.bedkd.model.TextClassifier;
import org.bedkd.model.TextTokenizer;

/**
 * IMBERT (He et al., 2023, "IMBERT: Making BERT Immune to Insertion-based Backdoor Attacks"): the suspect model's own
 * gradients point at the trigger, because the trigger is what decides its prediction. Of each input's tokens, the
 * {@code k} most salient are taken out (the whole word each belongs to) when their share of the input's saliency
 * reaches the threshold, and the model classifies the rest. Nothing is trained; the paper's K is 3. The threshold keeps clean inputs whole:
 * without it every input loses its three most telling words (on SST-2, the sentiment words), which cost the suspect
 * 13 points of clean accuracy in our first run. It is chosen on clean validation data ({@link #fit}).
 */
public final class Imbert implements InputFilter {

    public static final int PAPER_K = 3;
    /** Thresholds tried, as quantiles of the clean validation inputs' largest saliency share, lowest first. */
    static final double[] QUANTILES = {0, 0.5, 0.75, 0.9, 0.95, 0.99, 1};

    private final int k;
    private final double threshold;
    private final int batchSize;

    public Imbert(int k, double threshold, int batchSize) {
        if (k < 1) {
            throw new IllegalArgumentException("IMBERT removes at least one token, got K = " + k);
        }
        this.k = k;
        this.threshold = threshold;
        this.batchSize = batchSize;
    }

    /**
     * IMBERT with the lowest threshold (a quantile of the clean validation inputs' largest saliency share) that keeps the
     * suspect's validation accuracy within {@code tolerance} points; above every clean input's saliency when none does.
     */
    public static Imbert fit(TextClassifier suspect, org.bedkd.data.Dataset validation, double tolerance, int batchSize) {
        List<String> texts = validation.texts();
        List<TextTokenizer.Spans> encoded = suspect.tokenizer().encodeWithSpans(texts);
        float[][] saliency = TokenSaliency.of(suspect, encoded.stream().map(TextTokenizer.Spans::ids)
                .toArray(long[][]::new), batchSize);
        double[] top = new double[texts.size()];
        for (int i = 0; i < top.length; i++) {
            double[] share = shares(saliency[i], encoded.get(i));
            top[i] = java.util.Arrays.stream(share).max().orElse(0);
        }
        java.util.Arrays.sort(top);
        double plain = org.bedkd.metrics.Metrics.accuracy(suspect.predict(texts, batchSize), validation.labels());
        return InputFilters.strictestWithin(java.util.Arrays.stream(QUANTILES).mapToObj(q -> new Imbert(PAPER_K,
                top[(int) Math.min(top.length - 1, Math.floor(q * top.length))], batchSize)), candidate -> {
                    List<String> cut = candidate.remove(texts, encoded, saliency).stream().map(Screened::text).toList();
                    return org.bedkd.metrics.Metrics.accuracy(suspect.predict(cut, batchSize), validation.labels());
                }, plain, tolerance, new Imbert(PAPER_K, Math.nextUp(top[top.length - 1]), batchSize));
    }

    @Override
    public String name() {
        return "imbert";
    }

    @Override
    public String describe() {
        return String.format(java.util.Locale.ROOT, "K = %d most salient tokens holding >= %.2f of the saliency removed",
                k, threshold);
    }

    /** Score: the largest token's share of the input's saliency. */
    @Override
    public List<Screened> screen(TextClassifier model, List<String> texts) {
        List<TextTokenizer.Spans> encoded = model.tokenizer().encodeWithSpans(texts);
        long[][] tokens = encoded.stream().map(TextTokenizer.Spans::ids).toArray(long[][]::new);
        return remove(texts, encoded, TokenSaliency.of(model, tokens, batchSize));
    }

    private List<Screened> remove(List<String> texts, List<TextTokenizer.Spans> encoded, float[][] saliency) {
        List<Screened> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            TextTokenizer.Spans spans = encoded.get(i);
            double[] s = shares(saliency[i], spans);
            List<Integer> top = IntStream.range(0, s.length).filter(t -> spans.start()[t] >= 0).boxed()
                    .sorted(Comparator.comparingDouble((Integer t) -> -s[t])).limit(k).toList();
            String text = texts.get(i);
            TreeSet<Integer> cut = new TreeSet<>();
            top.stream().filter(t -> s[t] >= threshold).forEach(t -> cut.add(wordIndex(text, spans.start()[t])));
            List<String> words = Words.of(text);
            List<String> kept = new ArrayList<>();
            for (int w = 0; w < words.size(); w++) {
                if (!cut.contains(w)) {
                    kept.add(words.get(w));
                }
            }
            double score = top.isEmpty() ? 0 : s[top.get(0)];
            out.add(new Screened(cut.isEmpty() ? text : Words.join(kept), false, score));
        }
        return out;
    }

    /**
     * Each token's share of the input's saliency (gradient norms over the words' tokens, summing to 1; 0 for special
     * tokens). Shares, not raw norms: a model sure of its answer, as a backdoored one is on a triggered input, has
     * near-zero gradients everywhere, yet the trigger still holds most of what there is.
     */
    static double[] shares(float[] squaredNorms, TextTokenizer.Spans spans) {
        double[] out = new double[squaredNorms.length];
        double sum = 0;
        for (int t = 0; t < out.length; t++) {
            out[t] = spans.start()[t] >= 0 ? Math.sqrt(squaredNorms[t]) : 0;
            sum += out[t];
        }
        for (int t = 0; t < out.length && sum > 0; t++) {
            out[t] /= sum;
        }
        return out;
    }

    /** Which whitespace word of {@code text} the character at {@code offset} belongs to. */
    static int wordIndex(String text, int offset) {
        int word = -1;
        boolean inWord = false;
        int start = 0;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        for (int c = start; c <= Math.min(offset, text.length() - 1); c++) {
            boolean space = Character.isWhitespace(text.charAt(c));
            if (!space && !inWord) {
                word++;
            }
            inWord = !space;
        }
        return Math.max(word, 0);
    }
}
