package org.bedkd.defense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.bedkd.defense.mepd.Detection;
import org.bedkd.defense.mepd.GammaRule;
import org.bedkd.defense.mepd.MepdConfig;
import org.bedkd.defense.mepd.MepdDetector;
import org.bedkd.defense.mepd.PoisonEvidence;
import org.bedkd.defense.mepd.ScoredSample;
import org.junit.jupiter.api.Test;

/** What share of the flagged set clean text alone explains, read from the calibration scores. */
class PoisonEvidenceTest {

    /** 20 clean scores 0.01 … 0.20: a 10 % quantile puts γ at 0.03, two clean scores under it. */
    private static List<ScoredSample> clean() {
        List<ScoredSample> s = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            s.add(new ScoredSample("v" + i, (i + 1) / 100f, 0, null));
        }
        return s;
    }

    private static Detection detect(List<ScoredSample> suspect, GammaRule rule, List<ScoredSample> clean) {
        return MepdDetector.rank(suspect, new MepdConfig(rule, 0, 8), clean);
    }

    @Test
    void theExcessOverTheCleanRateEstimatesThePoisonedShare() {
        // 4 of 10 suspect samples score far under anything clean, the other 6 look like clean text (0.05 … 0.10).
        List<ScoredSample> suspect = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            suspect.add(new ScoredSample("t" + i, i < 4 ? 0.001f : (i + 1) / 100f, 1, null));
        }
        PoisonEvidence e = PoisonEvidence.of(detect(suspect, GammaRule.cleanQuantile(0.1f), clean()));
        assertThat(e.suspectBelowGamma()).isEqualTo(40.0);
        assertThat(e.cleanBelowGamma()).isEqualTo(10.0);
        // (0.4 − 0.1) / (1 − 0.1)
        assertThat(e.estimatedPoisonShare()).isCloseTo(100 / 3.0, within(1e-9));
        assertThat(e.weak()).isFalse();
        assertThat(e.describe()).contains("at least 33.3 % poisoned").doesNotContain("weak");
    }

    @Test
    void aSetThatScoresLikeCleanTextIsWeakEvidence() {
        List<ScoredSample> suspect = clean().stream().map(s -> new ScoredSample("t" + s.id(), s.mepd(), 1, null))
                .toList();
        PoisonEvidence e = PoisonEvidence.of(detect(suspect, GammaRule.cleanQuantile(0.1f), clean()));
        assertThat(e.suspectBelowGamma()).isEqualTo(e.cleanBelowGamma());
        assertThat(e.estimatedPoisonShare()).isZero();
        assertThat(e.weak()).isTrue();
        assertThat(e.describe()).contains("weak evidence");
    }

    @Test
    void anExcessBeyondTheTriggerCarriersIsTakenForMemorisation() {
        PoisonEvidence e = new PoisonEvidence(56.0, 42.0, 24.1, false, 5.6);
        assertThat(e.overestimated()).isTrue();
        assertThat(e.bestEstimate()).isEqualTo(5.6);
        assertThat(e.describe()).contains("about 5.6 % poisoned, the share that carries the trigger words")
                .contains("excess over clean text, 24.1 %, is larger").doesNotContain("at least");

        PoisonEvidence under = new PoisonEvidence(20.0, 3.0, 15.0, false, 41.8);
        assertThat(under.overestimated()).isFalse();
        assertThat(under.bestEstimate()).isEqualTo(15.0);
        assertThat(under.describe()).contains("at least 15.0 % poisoned; 41.8 % carry the trigger words");
    }

    @Test
    void aFixedGammaWithoutCleanScoresGivesNoEvidence() {
        assertThat(PoisonEvidence.of(detect(clean(), GammaRule.fixed(0.1f), List.of()))).isNull();
    }
}
