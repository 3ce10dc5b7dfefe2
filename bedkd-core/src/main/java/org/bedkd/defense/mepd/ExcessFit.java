package org.bedkd.defense.mepd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Chooses γ from the shape of the suspect set's MEPD distribution against the clean calibration split's, without a
 * poison label ({@link FlagSize#FIT}).
 *
 * <p>Below a threshold t a share F_s(t) of the suspect set and F_c(t) of clean text score. If a share π is poisoned,
 * about {@code F_s − (1 − π)·F_c} of the set below t is poison: the excess over clean text. A fixed clean quantile
 * ignores where that excess lies. On OLID AddSent toward "not offensive" the poison sat between the 5 % and 20 % clean
 * quantiles and q = 0.05 caught 14 % of it; at 5 % poison on SST-2, q = 0.05 flagged two clean samples per poisoned
 * one (results/AKD.md). This rule takes the t where the estimated F1 of the flagged set against the excess peaks, with
 * the excess taken at its lower confidence bound ({@link #Z} standard errors of both shares, the clean one from a
 * calibration split of a few hundred rows), so a γ deep in the clean tail must earn its place with an excess that
 * noise cannot explain. Replayed on the MEPD histograms of every stored run, it picked the F1-best bin in each
 * cell; with a 400-row calibration split drawn at random it matched or beat q = 0.05 in 20 of 23 cells at 20 %
 * poison.
 *
 * <p>When no t shows a significant excess the evidence is weak: what scores low is what clean text gives anyway, and
 * nothing is flagged rather than punishing the clean tail. {@link #Z} is 3, not 2, because the excess is tested at
 * every threshold at once: simulated on clean sets (3,000 rows, 400 calibration rows, uniform MEPD), the largest
 * standardised excess passed 2 in a third of the draws and passes 3 in 6.5 % of them (11 % at 12,000 / 1,000). The
 * price is power at low rates: 30 poisoned samples in 3,000 that score under every clean one are found in about 60 %
 * of draws with 400 calibration rows, and 90 % with 1,000 (the calibration split's noise dominates).
 */
final class ExcessFit {

    /** Standard errors the excess must clear (see above). */
    static final double Z = 3.0;

    /** γ is searched up to this clean quantile: poisoned samples score low, and above it the excess is noise. */
    static final double MAX_CLEAN_SHARE = 0.5;

    /**
     * Standard errors one label's excess must clear ({@link #fitWithinLabels}): each label is a test of its own, on a
     * part of the rows. Simulated on clean labels (1,500 rows against 200 clean ones, uniform MEPD), 3 passes in about
     * 10 % of the draws and 3.5 in 3–4 %, so two labels together stay near the whole set's rate at 3.
     */
    static final double Z_WITHIN_LABEL = 3.5;

    /** A label with fewer clean calibration rows says too little about its own clean tail to be tested alone. */
    static final int MIN_CLEAN_ROWS_PER_LABEL = 50;

    /**
     * @param gamma the fitted threshold (flag MEPD &lt; gamma); {@code NaN} when the evidence is weak
     * @param cleanShare the share of clean calibration scores under it
     * @param poisonShare the poisoned share the excess shows at its lower bound
     * @param f1 the flagged set's F1 against that excess, as estimated at γ (0 when weak)
     */
    record Fit(float gamma, double cleanShare, double poisonShare, double f1) {
        boolean weak() {
            return Float.isNaN(gamma);
        }

        static Fit none() {
            return new Fit(Float.NaN, 0, 0, 0);
        }

        /** γ as the clean quantile it sits at (the share of clean scores under it; kept above 0 for the rule). */
        GammaRule quantileRule() {
            return new GammaRule((float) Math.max(cleanShare, 1e-6), true);
        }
    }

    /**
     * The excess found within one label's rows.
     *
     * @param rows the set's rows of that label
     * @param fit γ fitted on them against the label's clean rows
     */
    record LabelFit(int label, int rows, Fit fit) {
        /** How many of the label's rows the excess says are poisoned (at its lower bound). */
        double poisoned() {
            return fit.poisonShare() * rows;
        }
    }

    private ExcessFit() {
    }

    /** @param suspect scores of the suspect set; @param clean scores of the clean calibration split */
    static Fit fit(List<ScoredSample> suspect, List<ScoredSample> clean) {
        return fit(suspect, clean, Z);
    }

    /**
     * Each label's rows against the same label's clean rows: the labels that show an excess beyond
     * {@link #Z_WITHIN_LABEL}, the one whose excess accounts for the most rows first.
     *
     * <p>Clean MEPD differs by label (on SST-2 the negative half scores lower: its clean median 0.32 against 0.41),
     * and a dirty-label poison lives in one label. Pooled, the other label's low clean tail hides it or widens γ: on
     * SST-2 SynBkd at 10 % (seed 42, a 2-epoch victim) the poisoned positives' median MEPD was 0.20, under nine in ten
     * clean positives, yet only 2.5 % of the set scored under the clean 5 % quantile and nothing was flagged; within
     * the positives alone the excess is plain (397 rows under γ, 218 of them poisoned). A label's excess may also be
     * the suspect's memorised rows (a clean OLID set showed one in its not-offensive tweets at Z = 4, and on SST-2
     * SynBkd 10 % with a 5-epoch victim, seed 44, the clean negatives' excess counted more rows than the poison's), so
     * which label holds the poison is left to {@link TailCheck}. With all the poison in one label, the label's
     * estimated F1 is the set's, so it compares with the pooled fit's ({@link #better}).
     */
    static List<LabelFit> fitWithinLabels(List<ScoredSample> suspect, List<ScoredSample> clean) {
        Map<Integer, List<ScoredSample>> cleanByLabel = byLabel(clean);
        Map<Integer, List<ScoredSample>> suspectByLabel = byLabel(suspect);
        List<LabelFit> fits = new ArrayList<>();
        for (Map.Entry<Integer, List<ScoredSample>> e : cleanByLabel.entrySet()) {
            List<ScoredSample> rows = suspectByLabel.getOrDefault(e.getKey(), List.of());
            if (e.getValue().size() < MIN_CLEAN_ROWS_PER_LABEL || rows.isEmpty()) {
                continue;
            }
            LabelFit f = new LabelFit(e.getKey(), rows.size(), fit(rows, e.getValue(), Z_WITHIN_LABEL));
            if (!f.fit().weak()) {
                fits.add(f);
            }
        }
        fits.sort(Comparator.comparingDouble(LabelFit::poisoned).reversed());
        return fits;
    }

    /**
     * A label's estimated F1 must be this many times the pooled fit's to replace a pooled fit that found an excess. The
     * estimates are noisy: on fresh SST-2 SynBkd runs, labels ahead by 3–7 % went either way (true F1 0.74 → 0.66 and
     * test ASR 17 → 32 on one seed, 0.67 → 0.64 but ASR 83 → 52 on another), while every run where the label was ahead
     * by 20 % or more, replayed or fresh, gained (a pooled γ far out in the clean tail: F1 0.38 → 0.56, 0.29 → 0.47).
     */
    static final double MIN_F1_RATIO = 1.2;

    /**
     * Whether the labels' fits describe the excess better than the pooled one: any excess where the pooled fit shows
     * none, or an estimated F1 {@link #MIN_F1_RATIO} times the pooled one's (results/AKD.md, "One label against its own
     * clean rows").
     */
    static boolean better(List<LabelFit> within, Fit pooled) {
        return within.stream().anyMatch(f -> pooled.weak() || f.fit().f1() >= MIN_F1_RATIO * pooled.f1());
    }

    private static Map<Integer, List<ScoredSample>> byLabel(List<ScoredSample> samples) {
        return samples.stream().collect(Collectors.groupingBy(ScoredSample::label, TreeMap::new, Collectors.toList()));
    }

    private static Fit fit(List<ScoredSample> suspect, List<ScoredSample> clean, double z) {
        float[] s = sortedScores(suspect);
        float[] c = sortedScores(clean);
        float[] candidates = candidates(s, c);
        double[] fs = new double[candidates.length];
        double[] fc = new double[candidates.length];
        double[] lcb = new double[candidates.length];
        double poison = 0;
        for (int i = 0; i < candidates.length; i++) {
            fs[i] = (double) below(s, candidates[i]) / s.length;
            int cleanBelow = below(c, candidates[i]);
            fc[i] = (double) cleanBelow / c.length;
            // The clean share's variance from a continuity-corrected estimate: no clean score under t is not proof
            // that clean text never scores there.
            double fcVar = (cleanBelow + 1.0) / (c.length + 2.0);
            double sd = Math.sqrt(fs[i] * (1 - fs[i]) / s.length + fcVar * (1 - fcVar) / c.length);
            lcb[i] = fs[i] - fc[i] - z * sd;
            if (fc[i] < 1) {
                poison = Math.max(poison, lcb[i] / (1 - fc[i]));
            }
        }
        if (poison <= 0) {
            return Fit.none();
        }
        int best = -1;
        double bestF1 = 0;
        for (int i = 0; i < candidates.length; i++) {
            // lcb[i] is F_s − F_c − Z·sd; the clean part below t is (1 − π)·F_c, so the excess is lcb + π·F_c.
            double excess = lcb[i] + poison * fc[i];
            double f1 = 2 * excess / (fs[i] + poison);
            if (f1 > bestF1) {
                bestF1 = f1;
                best = i;
            }
        }
        return best < 0 ? Fit.none() : new Fit(candidates[best], fc[best], poison, bestF1);
    }

    /**
     * Thresholds worth trying: just above each suspect or clean score up to the clean median, so every distinct
     * flagged set is reachable.
     */
    private static float[] candidates(float[] s, float[] c) {
        float limit = c[Math.min(c.length - 1, (int) Math.floor(MAX_CLEAN_SHARE * c.length))];
        float[] all = new float[s.length + c.length];
        int n = 0;
        for (float[] scores : List.of(s, c)) {
            for (float v : scores) {
                if (v < limit) {
                    all[n++] = Math.nextUp(v);
                }
            }
        }
        Arrays.sort(all, 0, n);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (distinct == 0 || all[i] != all[distinct - 1]) {
                all[distinct++] = all[i];
            }
        }
        return Arrays.copyOf(all, distinct);
    }

    /** How many of the sorted scores lie strictly under t. */
    private static int below(float[] sorted, float t) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static float[] sortedScores(List<ScoredSample> samples) {
        float[] out = new float[samples.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = samples.get(i).mepd();
        }
        Arrays.sort(out);
        return out;
    }
}
