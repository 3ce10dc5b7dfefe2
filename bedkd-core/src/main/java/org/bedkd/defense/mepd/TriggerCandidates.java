package org.bedkd.defense.mepd;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.bedkd.data.Dataset;

/**
 * The words most over-represented in the flagged samples against the rest of the set: what the trigger probably is,
 * read without poison labels. A user who does not know the attack gets a name to look for in their data, and the
 * evaluator a probe to insert into clean test sentences (trigger flips, issue #18). A rare-word trigger ("cf") ranks
 * first; an inserted sentence shows as its words.
 */
public final class TriggerCandidates {

    /** A word must occur in at least this share of the flagged samples (and in 3 of them). */
    static final double MIN_SUPPORT = 0.05;

    private TriggerCandidates() {
    }

    /**
     * What a report names as the probable trigger: the detection's certified trigger words ({@link TriggerWords})
     * first, then the most over-represented words of its flagged samples.
     */
    public static List<String> suspected(Detection d, Dataset set, int limit) {
        List<String> certified = d.triggerWordTexts();
        return java.util.stream.Stream.concat(certified.stream(), words(set, d.flaggedIds(), limit).stream())
                .distinct().limit(limit).toList();
    }

    /**
     * @param set the screened set
     * @param flaggedIds the flagged samples' ids
     * @param limit at most this many words
     * @return words by decreasing log-odds of occurring in a flagged sample rather than in another one; empty when
     *     nothing was flagged or nothing stands out
     */
    public static List<String> words(Dataset set, Collection<String> flaggedIds, int limit) {
        Words.Counts counts = Words.count(set, new HashSet<>(flaggedIds));
        int flaggedTotal = counts.flagged();
        int restTotal = set.size() - flaggedTotal;
        if (flaggedTotal == 0 || restTotal == 0) {
            return List.of();
        }
        double minSupport = Math.max(3, MIN_SUPPORT * flaggedTotal);
        Map<String, Double> score = new HashMap<>();
        for (String w : counts.inFlagged().keySet()) {
            int inFlagged = counts.flaggedWith(w);
            if (inFlagged >= minSupport) {
                int inRest = counts.inSet().get(w) - inFlagged;
                // Smoothed log-odds: a word absent from the rest still gets a finite score that grows with its count.
                score.put(w, Math.log((inFlagged + 0.5) / (flaggedTotal + 1.0))
                        - Math.log((inRest + 0.5) / (restTotal + 1.0)));
            }
        }
        return score.entrySet().stream().filter(e -> e.getValue() > Math.log(2))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit).map(Map.Entry::getKey).toList();
    }
}
