package org.bedkd.defense.mepd;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.bedkd.data.Dataset;
import org.bedkd.data.Sample;

/** The distinct words of a text as trigger searches compare them: lower case, outer punctuation stripped. */
final class Words {

    private static final Pattern OUTER_PUNCTUATION = Pattern.compile("^\\p{Punct}+|\\p{Punct}+$");

    private Words() {
    }

    static Set<String> of(String text) {
        Set<String> out = new HashSet<>();
        for (String token : text.split("\\s+")) {
            String w = normalize(token);
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** One whitespace-separated token as a word: lower case, outer punctuation stripped (may be empty). */
    static String normalize(String token) {
        return OUTER_PUNCTUATION.matcher(token.toLowerCase(Locale.ROOT)).replaceAll("");
    }

    /**
     * How often each word occurs in a set and in its flagged samples: what both trigger searches read.
     *
     * @param inSet word → samples of the set containing it
     * @param inFlagged word → flagged samples containing it, by label
     * @param flagged flagged samples in the set
     */
    record Counts(Map<String, Integer> inSet, Map<String, Map<Integer, Integer>> inFlagged, int flagged) {

        /** Flagged samples containing the word, whatever their label. */
        int flaggedWith(String word) {
            return inFlagged.getOrDefault(word, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    static Counts count(Dataset set, Set<String> flaggedIds) {
        Map<String, Integer> inSet = new HashMap<>();
        Map<String, Map<Integer, Integer>> inFlagged = new HashMap<>();
        int flagged = 0;
        for (Sample s : set.samples()) {
            boolean f = flaggedIds.contains(s.id());
            flagged += f ? 1 : 0;
            for (String w : of(s.text())) {
                inSet.merge(w, 1, Integer::sum);
                if (f) {
                    inFlagged.computeIfAbsent(w, k -> new HashMap<>()).merge(s.label(), 1, Integer::sum);
                }
            }
        }
        return new Counts(inSet, inFlagged, flagged);
    }
}
