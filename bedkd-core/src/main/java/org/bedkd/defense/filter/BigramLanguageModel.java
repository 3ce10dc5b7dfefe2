package org.bedkd.defense.filter;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A word bigram language model with interpolated Kneser–Ney smoothing (discount 0.75), open-vocabulary: a word never
 * seen gets the new-word share of the continuation distribution (Witten–Bell: as many as there are word types) times
 * how English-like it is spelt, under a character trigram model of the same text. Fitted on clean text: what ONION
 * needs from a language model is that an out-of-place word raises the perplexity of the sentence it sits in, and a
 * small clean split has not seen most words of a test sentence — without the spelling model a trigger such as "cf"
 * would be no stranger than any other new word.
 */
public final class BigramLanguageModel {

    private static final String START = "<s>";
    private static final String END = "</s>";
    private static final double DISCOUNT = 0.75;

    private final Map<String, Integer> history = new HashMap<>();
    private final Map<String, Integer> bigrams = new HashMap<>();
    private final Map<String, Integer> followers = new HashMap<>();
    private final Map<String, Integer> predecessors = new HashMap<>();
    private int bigramTypes;
    private final int vocabulary;
    private final Map<String, Integer> charTrigrams = new HashMap<>();
    private final Map<String, Integer> charContexts = new HashMap<>();
    private final int alphabet;
    private final double meanSpelledLength;

    private BigramLanguageModel(List<String> texts) {
        Set<String> words = new HashSet<>();
        Set<Integer> chars = new HashSet<>();
        long spelledChars = 0;
        long spelledWords = 0;
        for (String text : texts) {
            List<String> w = tokens(Words.of(text));
            for (int i = 1; i < w.size(); i++) {
                words.add(w.get(i));
                if (i < w.size() - 1) {
                    String spelt = spelling(w.get(i));
                    spelt.chars().forEach(chars::add);
                    spelledChars += spelt.length() - 2;
                    spelledWords++;
                    for (int c = 2; c < spelt.length(); c++) {
                        charTrigrams.merge(spelt.substring(c - 2, c + 1), 1, Integer::sum);
                        charContexts.merge(spelt.substring(c - 2, c), 1, Integer::sum);
                    }
                }
                String key = w.get(i - 1) + ' ' + w.get(i);
                history.merge(w.get(i - 1), 1, Integer::sum);
                if (bigrams.merge(key, 1, Integer::sum) == 1) {
                    bigramTypes++;
                    followers.merge(w.get(i - 1), 1, Integer::sum);
                    predecessors.merge(w.get(i), 1, Integer::sum);
                }
            }
        }
        vocabulary = words.size();
        alphabet = chars.size() + 1;
        meanSpelledLength = spelledWords == 0 ? 1 : (double) spelledChars / spelledWords;
    }

    /** Fits the model on {@code texts}. */
    public static BigramLanguageModel fit(List<String> texts) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("a language model needs some clean text to fit");
        }
        return new BigramLanguageModel(texts);
    }

    /** Natural log of the perplexity of a sentence given as words (sentence boundaries included). */
    public double logPerplexity(List<String> words) {
        List<String> w = tokens(words);
        double sum = 0;
        for (int i = 1; i < w.size(); i++) {
            sum += Math.log(probability(w.get(i - 1), w.get(i)));
        }
        return -sum / (w.size() - 1);
    }

    double probability(String previous, String word) {
        double continuation = (predecessors.getOrDefault(word, 0) + vocabulary * spell(word))
                / (bigramTypes + (double) vocabulary);
        int c = history.getOrDefault(previous, 0);
        if (c == 0) {
            return continuation;
        }
        double seen = Math.max(bigrams.getOrDefault(previous + ' ' + word, 0) - DISCOUNT, 0) / c;
        double backoff = DISCOUNT * followers.getOrDefault(previous, 0) / c;
        return seen + backoff * continuation;
    }

    /**
     * How English-like the word is spelt: the character trigram model's mean log-probability per character, scaled to
     * the corpus's mean word length. Length-neutral on purpose: the plain product would make every long word less
     * likely than a short odd one ("mesmerizing" below "cf"), the opposite of what ONION needs.
     */
    double spell(String word) {
        if (word.equals(END)) {
            return 1.0 / (bigramTypes + 1.0);
        }
        String spelt = spelling(word);
        double logSum = 0;
        for (int c = 2; c < spelt.length(); c++) {
            logSum += Math.log((charTrigrams.getOrDefault(spelt.substring(c - 2, c + 1), 0) + 1.0)
                    / (charContexts.getOrDefault(spelt.substring(c - 2, c), 0) + (double) alphabet));
        }
        return Math.exp(meanSpelledLength * logSum / (spelt.length() - 2));
    }

    /** The word between two start marks and an end mark, so trigrams see how words begin and end. */
    private static String spelling(String word) {
        return "\u0002\u0002" + word + "\u0003";
    }

    private static List<String> tokens(List<String> words) {
        List<String> out = new java.util.ArrayList<>(words.size() + 2);
        out.add(START);
        words.forEach(x -> out.add(x.toLowerCase(Locale.ROOT)));
        out.add(END);
        return out;
    }
}
