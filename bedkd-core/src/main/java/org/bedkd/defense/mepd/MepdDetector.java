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
        int keep = config.maxFlagged() == 0 ? below.size() : Math.min(below.size(), config.maxFlagged());
        if (config.size() == FlagSize.ESTIMATE && !cleanScores.isEmpty()) {
            keep = Math.min(keep, estimatedPoisoned(below.size(), ranked.size(), cleanScores, gamma));
        }
        List<ScoredSample> kept = below.subList(0, keep);
        return new Detection(gamma, config.gamma(), ranked, cleanScores, kept, below.size(),
                DetectionQuality.of(ranked, gamma, kept));
    }

    /** How many samples the excess over clean text accounts for; none when the evidence is weak. */
    private static int estimatedPoisoned(int belowGamma, int total, List<ScoredSample> cleanScores, float gamma) {
        long cleanBelow = cleanScores.stream().filter(s -> s.mepd() < gamma).count();
        PoisonEvidence e = PoisonEvidence.of((double) belowGamma / total, (double) cleanBelow / cleanScores.size());
        return e.weak() ? 0 : (int) Math.round(e.estimatedPoisonShare() / 100 * total);
    }

    /** The same ranking and calibration under another flagging rule (one DMM serves every method of a run). */
    public static Detection rerank(Detection d, MepdConfig config) {
        return rank(d.ranked(), config, d.cleanScores());
    }
}
