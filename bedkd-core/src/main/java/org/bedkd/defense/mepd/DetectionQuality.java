package org.bedkd.defense.mepd;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * FAR/FRR of a flagging rule, in percent (docs/METHOD.md): FAR = poisoned samples not flagged / all poisoned;
 * FRR = clean samples flagged / all clean. {@code keptPrecision} is the share of truly poisoned samples among those
 * kept for AKD.
 */
public record DetectionQuality(double far, double frr, int poisoned, int clean, int poisonedFlagged, int cleanFlagged,
        double keptPrecision) {

    /**
     * Quality of a detection against ground-truth flags given by sample id (the defender's scores carry none);
     * {@code null} unless every scored sample has a flag.
     */
    public static DetectionQuality of(Detection d, java.util.Map<String, Boolean> truth) {
        var ranked = d.ranked().stream().map(x -> withTruth(x, truth)).toList();
        var kept = d.flagged().stream().map(x -> withTruth(x, truth)).toList();
        if (d.size() == FlagSize.FIT) {
            // A fitted set is not "everything under γ": the lexical round adds samples, and without an excess γ
            // flags nothing. Its quality is that of the set itself.
            Set<String> ids = new HashSet<>(d.flaggedIds());
            return of(ranked, s -> ids.contains(s.id()), kept);
        }
        return of(ranked, d.gamma(), kept);
    }

    private static ScoredSample withTruth(ScoredSample x, java.util.Map<String, Boolean> truth) {
        return new ScoredSample(x.id(), x.mepd(), x.label(), truth.get(x.id()));
    }

    /**
     * How well MEPD separates poisoned from clean samples at every threshold at once: the probability that a random
     * poisoned sample scores lower than a random clean one (ties count half). {@code null} without ground truth for
     * every sample or without both kinds.
     */
    public static Double auroc(Detection d, java.util.Map<String, Boolean> truth) {
        List<ScoredSample> ranked = d.ranked().stream().map(x -> withTruth(x, truth)).toList();
        if (ranked.stream().anyMatch(s -> s.poisoned() == null)) {
            return null;
        }
        // Mann–Whitney U over the scores sorted ascending; runs of equal scores share their mean rank.
        List<ScoredSample> sorted = ranked.stream().sorted(java.util.Comparator.comparingDouble(ScoredSample::mepd))
                .toList();
        long poisoned = sorted.stream().filter(ScoredSample::poisoned).count();
        long clean = sorted.size() - poisoned;
        if (poisoned == 0 || clean == 0) {
            return null;
        }
        double poisonedRankSum = 0;
        for (int i = 0; i < sorted.size();) {
            int j = i;
            while (j < sorted.size() && sorted.get(j).mepd() == sorted.get(i).mepd()) {
                j++;
            }
            double meanRank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) {
                poisonedRankSum += sorted.get(k).poisoned() ? meanRank : 0;
            }
            i = j;
        }
        double u = poisonedRankSum - poisoned * (poisoned + 1) / 2.0; // pairs where poisoned ranks above clean
        return 1 - u / ((double) poisoned * clean);
    }

    /** Quality of flagging every sample with MEPD &lt; {@code gamma}; {@code null} unless every sample has a flag. */
    public static DetectionQuality of(List<ScoredSample> scored, float gamma, List<ScoredSample> kept) {
        return of(scored, s -> s.mepd() < gamma, kept);
    }

    /** Quality of flagging the samples {@code flagged} selects; {@code null} unless every sample has a flag. */
    public static DetectionQuality of(List<ScoredSample> scored, java.util.function.Predicate<ScoredSample> isFlagged,
            List<ScoredSample> kept) {
        if (scored.isEmpty() || scored.stream().anyMatch(s -> s.poisoned() == null)) {
            return null;
        }
        int poisoned = 0;
        int clean = 0;
        int poisonedFlagged = 0;
        int cleanFlagged = 0;
        for (ScoredSample s : scored) {
            boolean flagged = isFlagged.test(s);
            if (s.poisoned()) {
                poisoned++;
                poisonedFlagged += flagged ? 1 : 0;
            } else {
                clean++;
                cleanFlagged += flagged ? 1 : 0;
            }
        }
        double far = poisoned == 0 ? 0 : 100.0 * (poisoned - poisonedFlagged) / poisoned;
        double frr = clean == 0 ? 0 : 100.0 * cleanFlagged / clean;
        long keptPoisoned = kept.stream().filter(ScoredSample::poisoned).count();
        double precision = kept.isEmpty() ? 0 : 100.0 * keptPoisoned / kept.size();
        return new DetectionQuality(far, frr, poisoned, clean, poisonedFlagged, cleanFlagged, precision);
    }
}
