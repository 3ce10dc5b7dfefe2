package org.bedkd.defense;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.bedkd.defense.mepd.Detection;
import org.bedkd.defense.mepd.GammaRule;
import org.bedkd.defense.mepd.ScoreHistogram;
import org.bedkd.defense.mepd.ScoredSample;
import org.junit.jupiter.api.Test;

class ScoreHistogramTest {

    @Test
    void countsEachGroupAndPutsEverythingAboveTheRangeInTheLastBin() {
        List<ScoredSample> ranked = List.of(new ScoredSample("p1", 0.001f, 1, true),
                new ScoredSample("p2", 0.004f, 1, true), new ScoredSample("c1", 0.012f, 0, false),
                new ScoredSample("c2", 0.018f, 1, false), new ScoredSample("u", 0.9f, 0, null));
        List<ScoredSample> calibration = List.of(new ScoredSample("k1", 0.011f, 0, false),
                new ScoredSample("k2", 0.5f, 1, false));
        Detection d = new Detection(0.005f, GammaRule.cleanQuantile(0.05f), ranked, calibration, List.of(), 2, null);
        Map<String, Boolean> truth = Map.of("p1", true, "p2", true, "c1", false, "c2", false);
        ScoreHistogram h = ScoreHistogram.of(d, truth, 4, 0.02);

        assertThat(h.binWidth()).isEqualTo(0.005);
        assertThat(h.samples()).containsExactly(2, 0, 1, 2);
        assertThat(h.poisoned()).containsExactly(2, 0, 0, 0);
        assertThat(h.clean()).containsExactly(0, 0, 1, 1);
        assertThat(h.calibration()).containsExactly(0, 0, 1, 1);
    }

    @Test
    void theSpanIsARoundNumberOverTheBulkOfTheScoresAndTwiceGamma() {
        List<ScoredSample> small = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> new ScoredSample("s" + i, i * 0.0001f, 0, null)).toList();
        // 99th percentile 0.0198: rounded up to 0.02, whatever the one outlier above it.
        assertThat(ScoreHistogram.span(new Detection(0.001f, GammaRule.fixed(0.001f), small, List.of(), List.of(), 0,
                null))).isCloseTo(0.02, org.assertj.core.data.Offset.offset(1e-12));
        // γ beyond the bulk: the span still shows it, with room on its right.
        assertThat(ScoreHistogram.span(new Detection(0.03f, GammaRule.fixed(0.03f), small, List.of(), List.of(), 0,
                null))).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
    }
}
