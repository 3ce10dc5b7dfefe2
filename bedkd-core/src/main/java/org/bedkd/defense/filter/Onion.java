package org.bedkd.defense.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * ONION (Qi et al., 2021, "ONION: A Simple and Effective Defense Against Textual Backdoor Attacks"): a word whose
 * removal makes the sentence much more fluent (lower perplexity) is probably inserted, so it is removed before the
 * model classifies. The paper scores fluency with GPT-2; no pretrained language model is served offline here, so
 * this one uses a bigram model fitted on the defender's clean split ({@link BigramLanguageModel}), and its rows are
 * named {@code onion-bigram}. Suspicion of word i: log-perplexity of the sentence minus that without word i; words
 * above the threshold go.
 */
public final class Onion implements InputFilter {

    private final BigramLanguageModel lm;
    private final double threshold;

    public Onion(BigramLanguageModel lm, double threshold) {
        this.lm = lm;
        this.threshold = threshold;
    }

    /** The same language model with another threshold. */
    public Onion withThreshold(double t) {
        return new Onion(lm, t);
    }

    public double threshold() {
        return threshold;
    }

    @Override
    public String name() {
        return "onion-bigram";
    }

    @Override
    public String describe() {
        return String.format(java.util.Locale.ROOT, "bigram LM on the clean split, threshold %.2f", threshold);
    }

    /** Score: the largest word suspicion of the input. */
    @Override
    public List<Screened> screen(org.bedkd.model.TextClassifier model, List<String> texts) {
        List<Screened> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            List<String> words = Words.of(text);
            double[] suspicion = suspicion(words);
            List<String> kept = new ArrayList<>();
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < words.size(); i++) {
                max = Math.max(max, suspicion[i]);
                if (!(suspicion[i] > threshold)) {
                    kept.add(words.get(i));
                }
            }
            out.add(new Screened(kept.isEmpty() ? text : Words.join(kept), false, words.isEmpty() ? 0 : max));
        }
        return out;
    }

    /** For each word: how much the sentence's log-perplexity drops without it (0 for a one-word sentence). */
    public double[] suspicion(List<String> words) {
        double[] out = new double[words.size()];
        if (words.size() < 2) {
            return out;
        }
        double full = lm.logPerplexity(words);
        for (int i = 0; i < words.size(); i++) {
            List<String> without = new ArrayList<>(words);
            without.remove(i);
            out[i] = full - lm.logPerplexity(without);
        }
        return out;
    }
}
