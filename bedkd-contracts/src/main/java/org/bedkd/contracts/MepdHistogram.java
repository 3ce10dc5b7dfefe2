package org.bedkd.contracts;

import java.util.List;

/**
 * How the training samples' MEPD scores spread, in bins of {@code binWidth} from 0; the last bin also holds every
 * score above it. Carried in the detection facts so a report can draw the distribution, γ and FAR/FRR against γ
 * without the scores file.
 *
 * @param binWidth width of one bin
 * @param samples every scored training sample, per bin
 * @param poisoned the samples the dataset marks as poisoned, per bin ({@code null} when the set has no such marks)
 * @param calibration the clean calibration samples γ was read off, per bin ({@code null} for a fixed γ)
 */
public record MepdHistogram(double binWidth, List<Integer> samples, List<Integer> poisoned, List<Integer> calibration) {

    /** At most this many bins. */
    public static final int MAX_BINS = 200;

    public MepdHistogram {
        if (!(binWidth > 0) || Double.isInfinite(binWidth)) {
            throw new IllegalArgumentException("binWidth must be positive, got " + binWidth);
        }
        samples = checked(samples, "samples", -1);
        poisoned = poisoned == null ? null : checked(poisoned, "poisoned", samples.size());
        calibration = calibration == null ? null : checked(calibration, "calibration", samples.size());
        for (int i = 0; poisoned != null && i < samples.size(); i++) {
            if (poisoned.get(i) > samples.get(i)) {
                throw new IllegalArgumentException("bin " + i + " has more poisoned samples than samples");
            }
        }
    }

    /** The samples of bin {@code i} not marked poisoned (all of them when the set has no marks). */
    public int unmarked(int i) {
        return samples.get(i) - (poisoned == null ? 0 : poisoned.get(i));
    }

    private static List<Integer> checked(List<Integer> counts, String field, int bins) {
        if (counts == null || counts.isEmpty() || counts.size() > MAX_BINS) {
            throw new IllegalArgumentException(field + " needs 1 to " + MAX_BINS + " bins");
        }
        if (bins >= 0 && counts.size() != bins) {
            throw new IllegalArgumentException(field + " has " + counts.size() + " bins, samples " + bins);
        }
        if (counts.stream().anyMatch(c -> c == null || c < 0)) {
            throw new IllegalArgumentException(field + " needs counts of at least 0");
        }
        return List.copyOf(counts);
    }
}
