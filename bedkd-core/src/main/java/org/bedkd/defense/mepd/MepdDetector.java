package org.bedkd.defense.mepd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bedkd.data.Dataset;

/** Scores a whole suspect set, ranks it and flags the lowest-MEPD samples under γ. */
public final class MepdDetector {

    private MepdDetector() {
    }

    /**
     * @param calibration clean samples the DMM did not train on; scored only when γ is a clean quantile
     */
    public static Detection detect(MepdScorer scorer, Dataset suspectSet, Dataset calibration, MepdConfig config) {
        if (suspectSet.isEmpty()) {
            throw new IllegalArgumentException("nothing to screen: the suspect set is empty");
        }
        List<ScoredSample> clean = config.gamma().calibrated() ? scorer.score(calibration.samples()) : List.of();
        return rank(scorer.score(suspectSet.samples()), config, clean);
    }

    /**
     * Ranks already scored samples (whole set ranking, not file order: docs/METHOD.md, step 2).
     *
     * @param cleanScores the calibration scores γ is read from when it is a clean quantile
     */
    public static Detection rank(List<ScoredSample> scored, MepdConfig config, List<ScoredSample> cleanScores) {
        float gamma = config.gamma().resolve(cleanScores);
        List<ScoredSample> ranked = new ArrayList<>(scored);
        ranked.sort(Comparator.comparingDouble(ScoredSample::mepd).thenComparing(ScoredSample::id));
        List<ScoredSample> below = ranked.stream().filter(s -> s.mepd() < gamma).toList();
        List<ScoredSample> kept = config.maxFlagged() == 0 || below.size() <= config.maxFlagged() ? below
                : below.subList(0, config.maxFlagged());
        return new Detection(gamma, config.gamma(), ranked, cleanScores, kept, below.size(),
                DetectionQuality.of(ranked, gamma, kept));
    }

    /** The same ranking and calibration under another flagging rule (one DMM serves every method of a run). */
    public static Detection rerank(Detection d, MepdConfig config) {
        return rank(d.ranked(), config, d.cleanScores());
    }
}
