package org.bedkd.defense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.bedkd.TestModels;
import org.bedkd.data.LabelSchema;
import org.bedkd.data.Sample;
import org.bedkd.defense.dmm.LabelFlip;
import org.bedkd.defense.mepd.Detection;
import org.bedkd.defense.mepd.GammaRule;
import org.bedkd.defense.mepd.MepdConfig;
import org.bedkd.defense.mepd.MepdDetector;
import org.bedkd.defense.mepd.MepdScorer;
import org.bedkd.defense.mepd.ScoredSample;
import org.bedkd.model.TextClassifier;
import org.junit.jupiter.api.Test;

class MepdTest {

    @Test
    void labelFlipIsYPlusOneModC() {
        assertThat(LabelFlip.flip(0, 2)).isEqualTo(1);
        assertThat(LabelFlip.flip(1, 2)).isZero();
        assertThat(LabelFlip.flip(3, 4)).isZero();
        assertThat(LabelFlip.flip(1, 4)).isEqualTo(2);
    }

    @Test
    void mepdIsMeanAbsoluteDifference() {
        assertThat(MepdScorer.mepd(new float[] {0.9f, 0.1f}, new float[] {0.3f, 0.7f})).isCloseTo(0.6f, within(1e-6f));
        assertThat(MepdScorer.mepd(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, new float[] {1, 0, 0, 0}))
                .isCloseTo(0.375f, within(1e-6f));
    }

    @Test
    void aModelAgainstItsOwnCopyScoresZeroEverywhere() {
        try (TextClassifier model = TestModels.miniLm(1, 16, LabelSchema.SST2, 5);
                TextClassifier copy = model.copy("copy")) {
            List<Sample> samples = List.of(Sample.of("a", "a fine film", 1), Sample.of("b", "dull and cf long", 0));
            List<ScoredSample> scored = new MepdScorer(model, copy, 8).score(samples);
            assertThat(scored).extracting(ScoredSample::mepd).allSatisfy(v -> assertThat(v).isCloseTo(0f, within(1e-6f)));
            assertThat(scored).extracting(ScoredSample::id).containsExactly("a", "b");
        }
    }

    @Test
    void detectorRanksTheWholeSetCapsAtNpAndReportsFarFrr() {
        List<ScoredSample> scored = new ArrayList<>();
        scored.add(new ScoredSample("c1", 0.30f, 0, false));
        scored.add(new ScoredSample("p1", 0.01f, 1, true));
        scored.add(new ScoredSample("c2", 0.05f, 1, false)); // a clean sample under gamma: counts in FRR
        scored.add(new ScoredSample("p2", 0.02f, 1, true));
        scored.add(new ScoredSample("p3", 0.40f, 1, true)); // missed poison: counts in FAR
        Detection d = MepdDetector.rank(scored, new MepdConfig(GammaRule.fixed(0.1f), 2, 8), List.of());
        assertThat(d.ranked()).extracting(ScoredSample::id).containsExactly("p1", "p2", "c2", "c1", "p3");
        assertThat(d.belowGamma()).isEqualTo(3);
        assertThat(d.flaggedIds()).containsExactly("p1", "p2");
        assertThat(d.quality().far()).isCloseTo(100.0 / 3, within(1e-9));
        assertThat(d.quality().frr()).isCloseTo(50.0, within(1e-9));
        assertThat(d.quality().keptPrecision()).isCloseTo(100.0, within(1e-9));
        MepdConfig uncapped = new MepdConfig(GammaRule.fixed(0.1f), 0, 8);
        assertThat(MepdDetector.rank(scored, uncapped, List.of()).flagged()).hasSize(3);
        scored.set(0, new ScoredSample("c1", 0.3f, 0, null));
        assertThat(MepdDetector.rank(scored, uncapped, List.of()).quality()).isNull();
    }
}
