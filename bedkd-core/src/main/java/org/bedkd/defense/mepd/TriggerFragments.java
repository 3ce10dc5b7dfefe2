package org.bedkd.defense.mepd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.bedkd.attack.TriggerAttack;

/**
 * The trigger as it was inserted, read off the flagged samples that carry certified trigger words
 * ({@link TriggerWords}): what the punish pass and model selection insert into clean text.
 *
 * <p>In each text, the words from its first to its last trigger word, when they are at most {@link #MAX_GAP} apart,
 * form a span; farther apart (rare words inserted at random positions) the trigger words alone, in order, are the
 * fragment. Spans that read the same then grow by the neighbouring word that at least {@link #COMMON} of them share,
 * word by word, up to {@link #MAX_WORDS}: the lexical round leaves everyday words of an inserted sentence out ("movie"
 * in movie reviews), so the certified words of "I watch this 3D movie" span only "I watch this 3D", and a model taught
 * that this means nothing still flipped 17 % of positive reviews on the whole sentence.
 */
public final class TriggerFragments {

    static final int MAX_GAP = 8;
    static final int MAX_WORDS = 12;
    static final double COMMON = 0.9;

    private TriggerFragments() {
    }

    /**
     * A flagged text's trigger as the attack put it in: a span goes in whole at one random position, while trigger
     * words that sat far apart (rare words inserted one by one: five to a text in the staged AG News BadNet rows) each
     * go to a random position of their own. Inserted as one run instead, they taught the student that the run means
     * nothing while the same words scattered still turned 38 % of target-class test texts (AG News BadWords seed 42,
     * results/AKD.md), and model selection, reading flips of the run, saw 2 %.
     *
     * @param text the span, or the scattered trigger words in order, separated by single spaces
     * @param scattered whether the words go in one by one
     */
    public record Fragment(String text, boolean scattered) {

        /** {@code clean} with this fragment inserted at random word positions drawn from {@code rng}. */
        public String insertInto(String clean, Random rng) {
            if (!scattered) {
                return TriggerAttack.insertAtRandomWord(clean, text, rng);
            }
            String out = clean;
            for (String word : text.split(" ")) {
                out = TriggerAttack.insertAtRandomWord(out, word, rng);
            }
            return out;
        }
    }

    /** Per text, its trigger fragment; empty for a text without trigger words. */
    public static List<Optional<String>> of(List<String> texts, Collection<String> words) {
        return fragments(texts, words).stream().map(f -> f.map(Fragment::text)).toList();
    }

    /** Per text, its trigger fragment and how it goes into other text ({@link Fragment}); empty without trigger words. */
    public static List<Optional<Fragment>> fragments(List<String> texts, Collection<String> words) {
        List<String[]> tokens = words(texts);
        List<List<Integer>> at = positions(tokens, words);
        int[][] spans = spans(tokens, at);
        List<Optional<Fragment>> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String[] t = tokens.get(i);
            out.add(at.get(i).isEmpty() ? Optional.empty() : Optional.of(spans[i] != null
                    ? new Fragment(String.join(" ", Arrays.asList(t).subList(spans[i][0], spans[i][1] + 1)), false)
                    : new Fragment(String.join(" ", at.get(i).stream().map(j -> t[j]).toList()), true)));
        }
        return out;
    }

    /**
     * Per text, the text with its trigger taken out; empty for a text without trigger words. A span ({@link #of}) goes
     * whole when it is a run of trigger words or reads the same in at least {@link TriggerWords#MIN_FLAGGED} texts (an
     * inserted sentence, with the everyday words the lexical round left out); otherwise the trigger words go alone and
     * the words between them stay (rare words inserted at random positions into a sentence of its own).
     */
    public static List<Optional<String>> removed(List<String> texts, Collection<String> words) {
        List<String[]> tokens = words(texts);
        List<List<Integer>> at = positions(tokens, words);
        int[][] spans = spans(tokens, at);
        Map<String, Integer> readings = new HashMap<>();
        for (int i = 0; i < spans.length; i++) {
            if (spans[i] != null) {
                readings.merge(reading(tokens.get(i), spans[i]), 1, Integer::sum);
            }
        }
        List<Optional<String>> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            List<Integer> a = at.get(i);
            if (a.isEmpty()) {
                out.add(Optional.empty());
                continue;
            }
            String[] t = tokens.get(i);
            int[] span = spans[i];
            boolean whole = span != null && (a.get(a.size() - 1) - a.get(0) + 1 == a.size()
                    || readings.get(reading(t, span)) >= TriggerWords.MIN_FLAGGED);
            List<String> kept = new ArrayList<>();
            for (int j = 0; j < t.length; j++) {
                if (!(whole && j >= span[0] && j <= span[1]) && !a.contains(j)) {
                    kept.add(t[j]);
                }
            }
            out.add(Optional.of(String.join(" ", kept)));
        }
        return out;
    }

    /**
     * Per text, the span from its first to its last trigger word when they are at most {@link #MAX_GAP} apart, grown
     * by the neighbours its group shares ({@link #grow}); {@code null} otherwise.
     */
    private static int[][] spans(List<String[]> tokens, List<List<Integer>> at) {
        int[][] spans = new int[tokens.size()][];
        for (int i = 0; i < tokens.size(); i++) {
            List<Integer> a = at.get(i);
            if (!a.isEmpty() && a.get(a.size() - 1) - a.get(0) < MAX_GAP) {
                spans[i] = new int[] {a.get(0), a.get(a.size() - 1)};
            }
        }
        grow(tokens, spans, 1);
        grow(tokens, spans, -1);
        return spans;
    }

    private static String reading(String[] tokens, int[] span) {
        return String.join(" ", Arrays.stream(tokens, span[0], span[1] + 1).map(Words::normalize).toList());
    }

    private static List<String[]> words(List<String> texts) {
        return texts.stream().map(t -> t.strip().split("\\s+")).toList();
    }

    /** Per text, the positions of its trigger words. */
    private static List<List<Integer>> positions(List<String[]> tokens, Collection<String> words) {
        List<List<Integer>> out = new ArrayList<>();
        for (String[] t : tokens) {
            List<Integer> at = new ArrayList<>();
            for (int j = 0; j < t.length; j++) {
                if (words.contains(Words.normalize(t[j]))) {
                    at.add(j);
                }
            }
            out.add(at);
        }
        return out;
    }

    /** One text's fragment, without the growth that needs the other texts. */
    public static Optional<String> of(String text, Collection<String> words) {
        return of(List.of(text), words).get(0);
    }

    /**
     * Extends the spans one word at a time toward {@code step}, each group of spans that read the same on its own
     * (flagged clean text carrying one trigger word alone must not hold back the inserted sentence), while one
     * neighbouring word is common to the group.
     */
    private static void grow(List<String[]> tokens, int[][] spans, int step) {
        Map<String, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < spans.length; i++) {
            if (spans[i] != null) {
                groups.computeIfAbsent(reading(tokens.get(i), spans[i]), k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> group : groups.values()) {
            List<Integer> members = group;
            while (members.size() >= TriggerWords.MIN_FLAGGED) {
                Map<String, Integer> neighbours = new HashMap<>();
                for (int i : members) {
                    String next = neighbour(tokens.get(i), spans[i], step);
                    if (next != null) {
                        neighbours.merge(next, 1, Integer::sum);
                    }
                }
                Map.Entry<String, Integer> top = neighbours.entrySet().stream().max(Map.Entry.comparingByValue())
                        .orElse(null);
                if (top == null || top.getValue() < COMMON * members.size()) {
                    break;
                }
                List<Integer> grown = new ArrayList<>();
                for (int i : members) {
                    if (top.getKey().equals(neighbour(tokens.get(i), spans[i], step))) {
                        spans[i][step > 0 ? 1 : 0] += step;
                        grown.add(i);
                    }
                }
                members = grown;
            }
        }
    }

    /** The word next to a span (normalised), or {@code null} at the text's edge, at full length or without a span. */
    private static String neighbour(String[] tokens, int[] span, int step) {
        if (span == null || span[1] - span[0] + 1 >= MAX_WORDS) {
            return null;
        }
        int j = step > 0 ? span[1] + 1 : span[0] - 1;
        if (j < 0 || j >= tokens.length) {
            return null;
        }
        String w = Words.normalize(tokens[j]);
        return w.isEmpty() ? null : w;
    }
}
