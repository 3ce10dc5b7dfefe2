package org.bedkd.defense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bedkd.defense.mepd.Detection;
import org.bedkd.defense.mepd.FlagSize;
import org.bedkd.defense.mepd.GammaRule;
import org.bedkd.defense.mepd.MepdConfig;
import org.bedkd.defense.mepd.MepdDetector;
import org.bedkd.defense.mepd.ScoredSample;
import org.bedkd.pipeline.Overrides;
import org.bedkd.pipeline.Profile;
import org.junit.jupiter.api.Test;

/** γ fixed or read off clean samples: the quantile cut, its use in ranking, and how settings name it. */
class GammaRuleTest {

    private static List<ScoredSample> scores(String prefix, float... mepd) {
        List<ScoredSample> s = new ArrayList<>();
        for (int i = 0; i < mepd.length; i++) {
            s.add(new ScoredSample(prefix + i, mepd[i], 0, null));
        }
        return s;
    }

    @Test
    void aCleanQuantileLeavesThatShareOfTheCleanScoresUnderGamma() {
        // 20 clean scores 0.01 … 0.20, shuffled: q = 0.1 puts exactly the two lowest under γ.
        float[] v = new float[20];
        for (int i = 0; i < v.length; i++) {
            v[(i * 7) % 20] = (i + 1) / 100f;
        }
        List<ScoredSample> clean = scores("v", v);
        float gamma = GammaRule.cleanQuantile(0.1f).resolve(clean);
        assertThat(gamma).isEqualTo(0.03f);
        assertThat(clean.stream().filter(s -> s.mepd() < gamma)).hasSize(2);
        assertThat(GammaRule.cleanQuantile(0.5f).resolve(clean)).isEqualTo(0.11f);
        // A fixed rule never reads the clean scores.
        assertThat(GammaRule.fixed(0.07f).resolve(List.of())).isEqualTo(0.07f);
    }

    @Test
    void rankingCutsTheSuspectSetAtTheCalibratedGammaAndAnotherRuleReusesTheScores() {
        List<ScoredSample> clean = scores("v", 0.20f, 0.30f, 0.25f, 0.40f);
        List<ScoredSample> suspect = scores("t", 0.01f, 0.22f, 0.5f, 0.24f);
        Detection d = MepdDetector.rank(suspect, new MepdConfig(GammaRule.cleanQuantile(0.25f), 0, 8), clean);
        assertThat(d.gamma()).isEqualTo(0.25f);
        assertThat(d.rule().describe()).isEqualTo("clean q0.25");
        assertThat(d.flaggedIds()).containsExactly("t0", "t1", "t3");
        Detection fixed = MepdDetector.rerank(d, new MepdConfig(GammaRule.fixed(0.1f), 0, 8));
        assertThat(fixed.flaggedIds()).containsExactly("t0");
        assertThat(fixed.rule().describe()).isEqualTo("0.100");
    }

    @Test
    void estimateSizedFlaggingKeepsTheExcessOverCleanTextAndNothingOnWeakEvidence() {
        // 10 of 100 clean scores under γ = their 10 % quantile (0.10).
        float[] c = new float[100];
        for (int i = 0; i < c.length; i++) {
            c[i] = (i + 1) / 100f;
        }
        List<ScoredSample> clean = scores("c", c);
        MepdConfig estimate = new MepdConfig(GammaRule.cleanQuantile(0.1f), 0, 8, FlagSize.ESTIMATE);
        // 100 suspect samples, 28 under γ: 10 % of the 72 clean-like ones and (28 - 10) / 90 = 20 % poisoned.
        float[] strong = new float[100];
        for (int i = 0; i < strong.length; i++) {
            strong[i] = i < 28 ? 0.001f * (i + 1) : 0.5f;
        }
        Detection d = MepdDetector.rank(scores("s", strong), estimate, clean);
        assertThat(d.belowGamma()).isEqualTo(28);
        assertThat(d.flagged()).hasSize(20);
        assertThat(d.flaggedIds()).startsWith("s0", "s1");
        assertThat(MepdDetector.rerank(d, estimate.withSize(FlagSize.GAMMA)).flagged()).hasSize(28);
        // 15 under γ is under twice the clean rate: weak evidence, nothing flagged.
        float[] weak = new float[100];
        for (int i = 0; i < weak.length; i++) {
            weak[i] = i < 15 ? 0.001f * (i + 1) : 0.5f;
        }
        assertThat(MepdDetector.rank(scores("w", weak), estimate, clean).flagged()).isEmpty();
    }

    @Test
    void badRulesAreRejectedWithAMessage() {
        assertThatThrownBy(() -> GammaRule.cleanQuantile(0.8f)).hasMessageContaining("quantile must be in (0, 0.5]");
        assertThatThrownBy(() -> GammaRule.fixed(0f)).hasMessageContaining("gamma must be in (0, 1]");
        assertThatThrownBy(() -> GammaRule.cleanQuantile(0.05f).resolve(List.of()))
                .hasMessageContaining("validation split is empty");
    }

    @Test
    void overridesNameEitherRuleButNotBoth() {
        var quick = Profile.QUICK.config();
        assertThat(quick.mepd().gamma()).isEqualTo(GammaRule.cleanQuantile(0.05f));
        assertThat(Profile.PAPER.config().mepd().gamma()).isEqualTo(GammaRule.fixed(0.1f));
        assertThat(Overrides.apply(quick, Map.of("gamma", "0.1")).mepd().gamma()).isEqualTo(GammaRule.fixed(0.1f));
        assertThat(Overrides.apply(Profile.PAPER.config(), Map.of("gammaQuantile", "0.1")).mepd().gamma())
                .isEqualTo(GammaRule.cleanQuantile(0.1f));
        assertThatThrownBy(() -> Overrides.apply(quick, Map.of("gamma", "0.1", "gammaQuantile", "0.05")))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> Overrides.apply(quick, Map.of("gammaQuantile", "five")))
                .hasMessageContaining("invalid value 'five'");
    }
}
