package org.bedkd.defense;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bedkd.defense.mepd.Detection;
import org.bedkd.defense.mepd.DetectionQuality;
import org.bedkd.defense.mepd.FlagSize;
import org.bedkd.defense.mepd.GammaRule;
import org.bedkd.defense.mepd.MepdConfig;
import org.bedkd.defense.mepd.MepdDetector;
import org.bedkd.defense.mepd.PoisonEvidence;
import org.bedkd.defense.mepd.ScoredSample;
import org.junit.jupiter.api.Test;

/**
 * {@code flagSize=fit}: γ fitted to where the suspect set's MEPD exceeds clean text's, from scores alone. The shapes
 * are the ones measured (results/AKD.md): poison in a band of the clean tail (OLID AddSent toward "not offensive"),
 * a few poisoned samples under all clean text (SST-2 BadWords at 5 %), and a clean set.
 */
class ExcessFitTest {

    private static final MepdConfig FIT = new MepdConfig(GammaRule.cleanQuantile(0.05f), 0, 64, FlagSize.FIT);

    /** Clean MEPD: uniform on (0, 1), so a score is its own clean quantile. */
    private static List<ScoredSample> clean(String prefix, int n, Random rng) {
        List<ScoredSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ScoredSample(prefix + i, rng.nextFloat(), 0, false));
        }
        return out;
    }

    /** Poisoned samples with MEPD uniform on (lo, hi). */
    private static List<ScoredSample> poisoned(int n, float lo, float hi, Random rng) {
        List<ScoredSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ScoredSample("p" + i, lo + (hi - lo) * rng.nextFloat(), 0, true));
        }
        return out;
    }

    @Test
    void poisonInABandOfTheCleanTailIsCaughtWhereAFixedQuantileMissesIt() {
        Random rng = new Random(1);
        List<ScoredSample> suspect = new ArrayList<>(clean("c", 2400, rng));
        suspect.addAll(poisoned(600, 0.05f, 0.15f, rng));
        List<ScoredSample> calibration = clean("v", 400, rng);

        Detection fixed = MepdDetector.rank(suspect, FIT.withSize(FlagSize.GAMMA), calibration);
        Detection fit = MepdDetector.rank(suspect, FIT, calibration);

        assertThat(fixed.quality().far()).isGreaterThan(80);
        assertThat(fit.quality().far()).isLessThan(10);
        assertThat(fit.size()).isEqualTo(FlagSize.FIT);
        assertThat(fit.rule().value()).isBetween(0.1f, 0.25f);
        assertThat(fit.describeRule()).startsWith("fit at clean q0.1");
        assertThat(PoisonEvidence.of(fit).weak()).isFalse();
    }

    @Test
    void aFewPoisonedSamplesUnderAllCleanTextAreFlaggedWithoutTheCleanTail() {
        Random rng = new Random(2);
        List<ScoredSample> suspect = new ArrayList<>(clean("c", 2850, rng));
        suspect.addAll(poisoned(150, 0f, 0.004f, rng));
        Detection fit = MepdDetector.rank(suspect, FIT, clean("v", 400, rng));

        DetectionQuality q = fit.quality();
        assertThat(q.far()).isLessThan(5);
        // The 5 % quantile would add ~140 clean samples to 150 poisoned ones; the fit keeps the clean share small.
        assertThat(q.cleanFlagged()).isLessThan(30);
    }

    @Test
    void aCleanSetIsNotFlaggedAtAllAndTheEvidenceSaysSo() {
        Random rng = new Random(3);
        List<ScoredSample> suspect = clean("c", 3000, rng);
        Detection fit = MepdDetector.rank(suspect, FIT, clean("v", 400, rng));

        assertThat(fit.withheld()).isTrue();
        assertThat(fit.flagged()).isEmpty();
        assertThat(fit.describeRule()).contains("nothing flagged");
        assertThat(PoisonEvidence.of(fit).weak()).isTrue();
        // The configured quantile still cuts the set for the report's evidence line.
        assertThat(fit.belowGamma()).isGreaterThan(100);
    }

    /** Rows of one label with MEPD uniform on (lo, hi). */
    private static List<ScoredSample> rows(String prefix, int n, int label, float lo, float hi, boolean poisoned,
            Random rng) {
        List<ScoredSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ScoredSample(prefix + i, lo + (hi - lo) * rng.nextFloat(), label, poisoned));
        }
        return out;
    }

    /**
     * The shape of SST-2 SynBkd at 10 % (seed 42): clean label 0 scores lower than clean label 1, the poison (label 1)
     * sits under nearly every clean row of its label but among label 0's, and the set holds fewer label-0 rows than
     * the calibration split. Pooled, that shows no excess.
     */
    private static List<ScoredSample> labelledSet(boolean poisoned, Random rng) {
        return labelledSet(1100, 1600, poisoned ? 300 : 0, rng);
    }

    private static List<ScoredSample> labelledSet(int label0, int label1, int poisoned, Random rng) {
        List<ScoredSample> set = new ArrayList<>(rows("n", label0, 0, 0f, 0.6f, false, rng));
        set.addAll(rows("c", label1, 1, 0.3f, 1f, false, rng));
        set.addAll(rows("p", poisoned, 1, 0.15f, 0.32f, true, rng));
        return set;
    }

    private static List<ScoredSample> labelledCalibration(Random rng) {
        List<ScoredSample> clean = new ArrayList<>(rows("vn", 200, 0, 0f, 0.6f, false, rng));
        clean.addAll(rows("vc", 200, 1, 0.3f, 1f, false, rng));
        return clean;
    }

    @Test
    void aPoisonHiddenByAnotherLabelsCleanTailIsFoundWithinItsOwnLabel() {
        Random rng = new Random(6);
        List<ScoredSample> calibration = labelledCalibration(rng);
        Detection d = MepdDetector.rank(labelledSet(true, rng), FIT, calibration);

        assertThat(d.noExcess()).isFalse();
        assertThat(d.tailLabel()).isEqualTo(1);
        assertThat(d.flagged()).isNotEmpty().allSatisfy(s -> assertThat(s.label()).isEqualTo(1));
        assertThat(d.belowGamma()).isEqualTo(d.flagged().size());
        assertThat(d.quality().far()).isLessThan(35);
        assertThat(d.quality().cleanFlagged()).isLessThan(d.quality().poisonedFlagged());
        assertThat(d.describeRule()).startsWith("fit within label 1 at its clean q0.0")
                .contains("describe the excess better than the whole set");
        PoisonEvidence e = PoisonEvidence.of(d);
        assertThat(e.weak()).isFalse();
        // What clean text would put under the rule is label 1's clean tail, not label 0's low scores under γ too.
        double everyLabel = 100.0 * calibration.stream().filter(s -> s.mepd() < d.gamma()).count()
                / calibration.size();
        assertThat(e.cleanBelowGamma()).isLessThan(everyLabel / 4);
        assertThat(e.estimatedPoisonShare()).isBetween(3.0, 10.0);
    }

    @Test
    void aWideTailOfTheWholeSetGivesWayToTheLabelThatHoldsThePoison() {
        Random rng = new Random(8);
        // More label-0 rows than the calibration split holds: pooled, their low clean scores read as an excess too.
        Detection d = MepdDetector.rank(labelledSet(1700, 1000, 300, rng), FIT, labelledCalibration(rng));

        assertThat(d.noExcess()).isFalse();
        assertThat(d.tailLabel()).isEqualTo(1);
        assertThat(d.flagged()).hasSizeLessThan(450).allSatisfy(s -> assertThat(s.label()).isEqualTo(1));
        assertThat(d.quality().far()).isLessThan(15);
        assertThat(d.quality().cleanFlagged()).isLessThan(60);
    }

    @Test
    void aCleanSetWhoseLabelsScoreApartIsStillLeftAlone() {
        Random rng = new Random(7);
        Detection d = MepdDetector.rank(labelledSet(false, rng), FIT, labelledCalibration(rng));

        assertThat(d.tailLabel()).isNull();
        assertThat(d.withheld()).isTrue();
        assertThat(d.flagged()).isEmpty();
    }

    @Test
    void aFixedGammaIgnoresTheFit() {
        Random rng = new Random(4);
        List<ScoredSample> suspect = clean("c", 500, rng);
        Detection d = MepdDetector.rank(suspect, new MepdConfig(GammaRule.fixed(0.1f), 0, 64, FlagSize.FIT), List.of());
        assertThat(d.gamma()).isEqualTo(0.1f);
        assertThat(d.withheld()).isFalse();
        assertThat(d.flagged()).hasSize(d.belowGamma());
    }
}
