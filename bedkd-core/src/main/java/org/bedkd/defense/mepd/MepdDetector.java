package org.bedkd.defense.mepd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bedkd.data.Dataset;

/** Scores a whole suspect set, ranks it and flags the lowest-MEPD samples under γ. */
public final class MepdDetector {

    private MepdDetector() {
    }

    public static Detection detect(MepdScorer scorer, Dataset suspectSet, MepdConfig config) {
        if (suspectSet.isEmpty()) {
            throw new IllegalArgumentException("nothing to screen: the suspect set is empty");
        }
        return rank(scorer.score(suspectSet.samples()), config);
    }

    /** Ranks already scored samples (whole set ranking, not file order: METHOD.md step 2). */
    public static Detection rank(List<ScoredSample> scored, MepdConfig config) {
        List<ScoredSample> ranked = new ArrayList<>(scored);
        ranked.sort(Comparator.comparingDouble(ScoredSample::mepd).thenComparing(ScoredSample::id));
        List<ScoredSample> below = ranked.stream().filter(s -> s.mepd() < config.gamma()).toList();
        List<ScoredSample> kept = config.maxFlagged() == 0 || below.size() <= config.maxFlagged() ? below
                : below.subList(0, config.maxFlagged());
        return new Detection(config.gamma(), ranked, kept, below.size(), DetectionQuality.of(ranked, config.gamma(), kept));
    }
}
