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
 * gradients point at the trigger, because the trigger is what decides its prediction. The {@code k} tokens with the
 * largest saliency are taken out of the input (the whole word each belongs to), and the model classifies the rest.
 * Nothing is trained; the paper's K is 3.
 */
public final class Imbert implements InputFilter {

    public static final int PAPER_K = 3;

    private final int k;
    private final int batchSize;

    public Imbert(int k, int batchSize) {
        if (k < 1) {
            throw new IllegalArgumentException("IMBERT removes at least one token, got K = " + k);
        }
        this.k = k;
        this.batchSize = batchSize;
    }

    @Override
    public String name() {
        return "imbert";
    }

    @Override
    public String describe() {
        return "K = " + k + " most salient tokens removed";
    }

    /** Score: the largest token saliency of the input. */
    @Override
    public List<Screened> screen(TextClassifier model, List<String> texts) {
        List<TextTokenizer.Spans> encoded = model.tokenizer().encodeWithSpans(texts);
        long[][] tokens = encoded.stream().map(TextTokenizer.Spans::ids).toArray(long[][]::new);
        float[][] saliency = TokenSaliency.of(model, tokens, batchSize);
        List<Screened> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            TextTokenizer.Spans spans = encoded.get(i);
            float[] s = saliency[i];
            List<Integer> top = IntStream.range(0, s.length).filter(t -> spans.start()[t] >= 0).boxed()
                    .sorted(Comparator.comparingDouble((Integer t) -> -s[t])).limit(k).toList();
            String text = texts.get(i);
            TreeSet<Integer> cut = new TreeSet<>();
            top.forEach(t -> cut.add(wordIndex(text, spans.start()[t])));
            List<String> words = Words.of(text);
            List<String> kept = new ArrayList<>();
            for (int w = 0; w < words.size(); w++) {
                if (!cut.contains(w)) {
                    kept.add(words.get(w));
                }
            }
            double score = top.isEmpty() ? 0 : Math.sqrt(s[top.get(0)]);
            out.add(new Screened(Words.join(kept), false, score));
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
