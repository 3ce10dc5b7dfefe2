package org.bedkd.defense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.bedkd.defense.mepd.Detection;
import org.bedkd.defense.mepd.DetectionQuality;
import org.bedkd.defense.mepd.GammaRule;
import org.bedkd.defense.mepd.ScoredSample;
import org.junit.jupiter.api.Test;

/** FAR/FRR at γ and the threshold-free AUROC of a ranking, against hand-counted examples. */
class DetectionQualityTest {

    private static Detection ranked(float... mepd) {
        List<ScoredSample> s = new java.util.ArrayList<>();
        for (int i = 0; i < mepd.length; i++) {
            s.add(new ScoredSample("s" + i, mepd[i], 1, null));
        }
        return new Detection(0.05f, GammaRule.fixed(0.05f), s, List.of(), List.of(), 0, null);
    }

    @Test
    void aurocCountsPoisonedBelowCleanPairsWithTiesAsHalf() {
        // poisoned at 0.01 and 0.03, clean at 0.02 and 0.04: 3 of the 4 (poisoned, clean) pairs are ordered right.
        Detection d = ranked(0.01f, 0.02f, 0.03f, 0.04f);
        Map<String, Boolean> truth = Map.of("s0", true, "s1", false, "s2", true, "s3", false);
        assertThat(DetectionQuality.auroc(d, truth)).isCloseTo(0.75, within(1e-12));
        // One tie between a poisoned and a clean sample counts half: (1 + 0.5) / 2.
        Detection tied = ranked(0.01f, 0.2f, 0.2f);
        assertThat(DetectionQuality.auroc(tied, Map.of("s0", true, "s1", true, "s2", false)))
                .isCloseTo(0.75, within(1e-12));
        // A perfect and a reversed ranking.
        assertThat(DetectionQuality.auroc(d, Map.of("s0", true, "s1", true, "s2", false, "s3", false))).isEqualTo(1.0);
        assertThat(DetectionQuality.auroc(d, Map.of("s0", false, "s1", false, "s2", true, "s3", true))).isEqualTo(0.0);
    }

    @Test
    void aurocIsUndefinedWithoutBothKindsOrWithoutTruthForEverySample() {
        Detection d = ranked(0.01f, 0.02f);
        assertThat(DetectionQuality.auroc(d, Map.of("s0", true, "s1", true))).isNull();
        assertThat(DetectionQuality.auroc(d, Map.of("s0", true))).isNull();
    }
}
