package org.bedkd.defense.mepd;

import java.util.List;
import java.util.Map;

/**
 * MEPD scores counted in equal bins from 0; the last bin also holds every score above it. What reports draw: the
 * distribution with γ marked, and FAR/FRR against γ where the set marks its poisoned samples.
 *
 * @param binWidth width of one bin
 * @param samples every scored sample
 * @param clean the samples the set marks as clean
 * @param poisoned the samples the set marks as poisoned (all zero when it marks none)
 * @param calibration the clean calibration samples γ was read off (all zero for a fixed γ)
 */
public record ScoreHistogram(double binWidth, int[] samples, int[] clean, int[] poisoned, int[] calibration) {

    /** Counts {@code d}'s scores in {@code bins} bins over [0, {@code max}]; {@code truth} maps ids to poison flags. */
    public static ScoreHistogram of(Detection d, Map<String, Boolean> truth, int bins, double max) {
        double width = max / bins;
        int[] samples = new int[bins];
        int[] clean = new int[bins];
        int[] poisoned = new int[bins];
        for (ScoredSample s : d.ranked()) {
            int bin = bin(s.mepd(), max, bins);
            samples[bin]++;
            Boolean p = truth.get(s.id());
            if (Boolean.TRUE.equals(p)) {
                poisoned[bin]++;
            } else if (Boolean.FALSE.equals(p)) {
                clean[bin]++;
            }
        }
        return new ScoreHistogram(width, samples, clean, poisoned, counts(d.cleanScores(), max, bins));
    }

    /**
     * A round upper bound that shows where the scores are: the 99th percentile of the samples' MEPD, and at least twice
     * γ, rounded up to 1, 2, 2.5 or 5 times a power of ten. MEPD's scale depends on the model and the set (a small
     * model's scores can all sit under 0.03), so a fixed range can squeeze the whole distribution into one bin.
     */
    public static double span(Detection d) {
        List<ScoredSample> ranked = d.ranked();
        double top = ranked.isEmpty() ? 0 : ranked.get((int) Math.min(ranked.size() - 1,
                Math.floor(0.99 * ranked.size()))).mepd();
        double bound = Math.max(top, 2.0 * d.gamma());
        if (!(bound > 0) || Double.isInfinite(bound)) {
            return 1.0;
        }
        double decade = Math.pow(10, Math.floor(Math.log10(bound)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * decade >= bound) {
                return step * decade;
            }
        }
        return 10 * decade;
    }

    private static int[] counts(List<ScoredSample> scores, double max, int bins) {
        int[] out = new int[bins];
        scores.forEach(s -> out[bin(s.mepd(), max, bins)]++);
        return out;
    }

    private static int bin(double mepd, double max, int bins) {
        return (int) Math.max(0, Math.min(bins - 1, Math.floor(mepd / max * bins)));
    }
}
