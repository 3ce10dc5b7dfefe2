package org.bedkd.defense.mepd;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How the MEPD threshold γ is set.
 *
 * <p>The paper fixes γ (0.1). A fixed number does not carry across datasets: with four classes every MEPD moves up,
 * and on AG News AddSent γ = 0.05 flagged 1–15 samples although MEPD still ranked the poisoned ones lowest (AUROC
 * 0.91–0.96, results/AKD.md). {@link #cleanQuantile} reads γ off clean samples the defender already holds and the
 * DMM never trained on (the validation split): flag what looks less clean than all but a fraction {@code q} of known
 * clean text, so the expected share of clean samples flagged (FRR) is {@code q}, whatever the dataset. No poison
 * label is read.
 *
 * @param value γ itself when fixed, else the quantile q
 * @param calibrated whether {@code value} is a quantile of clean MEPD
 */
public record GammaRule(float value, boolean calibrated) {

    public GammaRule {
        if (!(value > 0 && value <= (calibrated ? 0.5f : 1f))) {
            throw new IllegalArgumentException(calibrated ? "gamma quantile must be in (0, 0.5], was " + value
                    : "gamma must be in (0, 1], was " + value);
        }
    }

    public static GammaRule fixed(float gamma) {
        return new GammaRule(gamma, false);
    }

    public static GammaRule cleanQuantile(float q) {
        return new GammaRule(q, true);
    }

    /**
     * @param cleanScores MEPD of clean samples the DMM did not train on; read only when calibrated
     * @return γ: the fixed value, or the smallest clean score with a fraction q of the clean scores below it
     */
    public float resolve(List<ScoredSample> cleanScores) {
        if (!calibrated) {
            return value;
        }
        if (cleanScores.isEmpty()) {
            throw new IllegalArgumentException("a gamma quantile needs clean samples to calibrate on; the validation"
                    + " split is empty");
        }
        float[] sorted = new float[cleanScores.size()];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = cleanScores.get(i).mepd();
        }
        Arrays.sort(sorted);
        // Flagging is "MEPD < γ": with γ = sorted[k], exactly the k lowest clean scores (ties aside) fall under it.
        int k = Math.min(sorted.length - 1, (int) Math.floor(value * sorted.length));
        return sorted[k];
    }

    /** "0.050" or "clean q0.05", for reports and result rows. */
    public String describe() {
        return String.format(Locale.ROOT, calibrated ? "clean q%.2f" : "%.3f", value);
    }
}
