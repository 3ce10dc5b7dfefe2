package org.bedkd.defense.akd;

import org.bedkd.metrics.ConfusionMatrix;

/**
 * Which AKD epoch to keep, from validation numbers alone (no test labels). Eligible epochs (validation CACC within the
 * tolerance of the suspect's) come first, then those within the validation noise of the tolerance, then the rest;
 * within a tier the lower selection signal (up to a tie), then the higher CACC, then, with CACC tied, the lower signal.
 * Where the caller counts the sentences two epochs disagree on ({@code laterOnTies}), CACC settles a tie in the flips
 * only beyond its paired noise, and a tie in both keeps the later epoch.
 *
 * <p>The middle tier decides only when no epoch is eligible: OLID AddSent (seed 42) had none, 75.25 against a bar of
 * 75.75 on 400 sentences, and "the most accurate" was the epoch where the backdoor had come back (ASR 99.6) beside one
 * 0.5 points lower without it. Such a run still reports that it left the tolerance.
 *
 * <p>Balanced accuracy (mean per-class recall) is held to the same tolerance plus its noise: on imbalanced data a
 * student can keep its CACC by leaning toward the majority class, which also lowers the trigger flips selection
 * minimises. OLID AddSent 5 %, target 1, seed 43 kept an epoch with 4.75 % flips whose "offensive" recall had fallen
 * from 51.7 to 32.5 on the test set (the references': 70.8 and 57.1) while CACC lost 2.8 points.
 *
 * @param suspectCacc the suspect model's validation CACC, percent
 * @param caccTolerance points an eligible epoch may lose, in CACC and in balanced accuracy
 * @param validationSize clean validation sentences (sets the noise of CACC and of flip rates)
 * @param heldOutEmpty whether no flagged samples were held out (then epochs without trigger flips have no signal)
 * @param suspectBalanced the suspect model's validation balanced accuracy, percent ({@code NaN}: not guarded)
 * @param balancedNoise two standard errors of that balanced accuracy, points
 */
record EpochRanking(double suspectCacc, double caccTolerance, int validationSize, boolean heldOutEmpty,
        double suspectBalanced, double balancedNoise) {

    /** A ranking by CACC alone (no balanced-accuracy guard). */
    EpochRanking(double suspectCacc, double caccTolerance, int validationSize, boolean heldOutEmpty) {
        this(suspectCacc, caccTolerance, validationSize, heldOutEmpty, Double.NaN, Double.NaN);
    }

    /**
     * Guarded by the suspect's balanced accuracy on the validation split ({@code suspect}: its confusion matrix there),
     * its noise two standard errors of the mean of per-class recalls.
     */
    static EpochRanking guarded(double suspectCacc, double caccTolerance, boolean heldOutEmpty,
            ConfusionMatrix suspect) {
        double[] recall = suspect.recall();
        double variance = 0;
        int classes = 0;
        int size = 0;
        for (int t = 0; t < recall.length; t++) {
            int n = suspect.samples(t);
            size += n;
            if (n > 0) {
                double p = recall[t] / 100;
                variance += Math.max(p * (1 - p), 0.01) / n;
                classes++;
            }
        }
        return new EpochRanking(suspectCacc, caccTolerance, size, heldOutEmpty, suspect.balancedAccuracy(),
                200 * Math.sqrt(variance) / classes);
    }

    /**
     * Two standard errors of the validation CACC, in points: one sentence of 400 moves it by 0.25, so a dip just under
     * the tolerance is noise, and rolling it back threw away progress (SST-2 BadWords 5 %: ASR 16.7 without a back-off,
     * 69.3 with one triggered by a 0.25-point dip). Eligibility still uses the plain tolerance.
     */
    double noiseMargin() {
        double p = suspectCacc / 100;
        return 200 * Math.sqrt(Math.max(p * (1 - p), 0.01) / validationSize);
    }

    /** Whether a validation CACC is within the tolerance once the validation noise is allowed for. */
    boolean withinNoise(double cacc) {
        return cacc >= suspectCacc - caccTolerance - noiseMargin();
    }

    boolean eligible(AkdEpoch s) {
        return s.validationCacc() >= suspectCacc - caccTolerance && balancedWithinNoise(s);
    }

    /**
     * Whether the epoch's balanced accuracy is within the tolerance once its noise is allowed for (always, unguarded).
     * The guard is for a lean the validation split can see: with the plain tolerance, a dip of 2.0–3.7 points
     * (inside the about 4.7 points of noise on 400 OLID tweets) cost OLID BadWords 5 %, target 1, seed 42 the epoch
     * with the fewest flips, and 9 points of test ASR.
     */
    private boolean balancedWithinNoise(AkdEpoch s) {
        return Double.isNaN(suspectBalanced) || Double.isNaN(s.validationBalancedAccuracy())
                || s.validationBalancedAccuracy() >= suspectBalanced - caccTolerance - balancedNoise;
    }

    /**
     * What selection minimises: the trigger flips on validation when the trigger words are known, else the held-out
     * flagged samples' target rate ({@code NaN} with neither). The held-out rate keeps falling past the point where the
     * trigger is gone, as the model leans away from the target (OLID AddSent, target 0: the epoch it chose flipped 23 %
     * of clean target-class sentences once the trigger was inserted, a clean model 0.5 %); the flips rise again there.
     */
    double signal(AkdEpoch s) {
        if (!Double.isNaN(s.triggerFlipRate())) {
            return s.triggerFlipRate();
        }
        return heldOutEmpty ? Double.NaN : s.heldOutLabelRate();
    }

    /** Whether {@code a} should be kept over {@code b}, any CACC difference settling a tie in the flips. */
    boolean better(AkdEpoch a, AkdEpoch b) {
        return better(a, b, -1);
    }

    /**
     * Whether {@code a} should be kept over {@code b}.
     *
     * @param discordant validation sentences exactly one of the two epochs gets right, or -1: then any CACC difference
     *     settles a tie in the trigger flips, else only one beyond its paired noise ({@link #caccTie}), and where
     *     neither tells them apart the later epoch is kept
     */
    boolean better(AkdEpoch a, AkdEpoch b, int discordant) {
        if (tier(a) != tier(b)) {
            return tier(a) < tier(b);
        }
        double sa = signal(a);
        double sb = signal(b);
        boolean comparable = tier(a) < 2 && !Double.isNaN(sa) && !Double.isNaN(sb); // outside it only CACC counts
        if (comparable && Math.abs(sa - sb) > tie(a, sa, sb)) {
            return sa < sb;
        }
        double caccGap = a.validationCacc() - b.validationCacc();
        if (discordant >= 0 && comparable && !Double.isNaN(a.triggerFlipRate())) {
            if (Math.abs(caccGap) > caccTie(discordant)) {
                return caccGap > 0;
            }
            // Flips and CACC both inside their noise: AKD has unlearnt for longer in the later epoch. Replayed on 18 runs
            // with every epoch's test ASR (results/selection) it kept 24.4 against the default's 24.7: not the default.
            return a.epoch() > b.epoch();
        }
        if (caccGap != 0) {
            return caccGap > 0;
        }
        // CACC tied too: the signal within its noise still says more than the epoch order (SST-2 BadWords 1 %, seed
        // 44: epochs 3 and 6 both at 84.0, flips 5.5 and 4.0 %; the earlier was kept, test ASR 14.8 at a floor of 7.4).
        return !Double.isNaN(sa) && !Double.isNaN(sb) && sa < sb;
    }

    /**
     * Two standard errors of the difference between two epochs' validation CACC on the same sentences, in points: only
     * the sentences one of them gets right and the other not can move it (McNemar), so it is far smaller than the
     * noise of one CACC.
     */
    double caccTie(int discordant) {
        return 200 * Math.sqrt(discordant) / validationSize;
    }

    /** 0 eligible, 1 within the validation noise of the tolerance, 2 outside. */
    int tier(AkdEpoch s) {
        if (eligible(s)) {
            return 0;
        }
        return withinNoise(s.validationCacc()) && balancedWithinNoise(s) ? 1 : 2;
    }

    /**
     * Flip rates within two standard errors of each other (validation-sized) are a tie, settled by CACC; held-out
     * rates compare exactly, as before flips existed.
     */
    private double tie(AkdEpoch a, double sa, double sb) {
        if (Double.isNaN(a.triggerFlipRate())) {
            return 0;
        }
        double p = Math.max((sa + sb) / 200, 1.0 / validationSize);
        return 200 * Math.sqrt(p * (1 - p) / validationSize);
    }
}
