package org.bedkd.defense.akd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.bedkd.TestModels;
import org.bedkd.data.Dataset;
import org.bedkd.data.LabelSchema;
import org.bedkd.data.Sample;
import org.bedkd.model.LogitShift;
import org.bedkd.model.TextClassifier;
import org.junit.jupiter.api.Test;

class PriorCalibrationTest {

    /** Two-class probabilities with log p1 - log p0 = margin. */
    private static float[] withMargin(double margin) {
        float p1 = (float) (1 / (1 + Math.exp(-margin)));
        return new float[] {1 - p1, p1};
    }

    @Test
    void aModelLeaningAwayFromClassOneIsShiftedUntilItPredictsItAsOftenAsTheLabels() {
        // Ten samples, five labelled 1; the model says 1 for three (margins 2, 1.5, 0.5) and 0 for the rest.
        double[] margins = {2, 1.5, 0.5, -0.2, -0.6, -1, -1.5, -2, -2.5, -3};
        float[][] p = new float[10][];
        for (int i = 0; i < 10; i++) {
            p[i] = withMargin(margins[i]);
        }
        int[] labels = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
        float shift = PriorCalibration.logitShift(p, labels);
        // Between 0.6 (the fifth margin crosses 0) and 1.0 (the sixth would): the middle.
        assertThat(shift).isCloseTo(0.8f, within(1e-4f));
        long predictedOnes = java.util.Arrays.stream(margins).filter(m -> m + shift > 0).count();
        assertThat(predictedOnes).isEqualTo(5);
    }

    @Test
    void aModelThatAlreadyMatchesTheLabelsOrASingleClassSplitIsLeftAlone() {
        float[][] p = {withMargin(1), withMargin(0.3), withMargin(-0.4), withMargin(-2)};
        assertThat(PriorCalibration.logitShift(p, new int[] {1, 0, 1, 0})).isZero();
        assertThat(PriorCalibration.logitShift(p, new int[] {0, 0, 0, 0})).isZero();
        // Leaning toward class 1 gives a negative shift.
        assertThat(PriorCalibration.logitShift(p, new int[] {1, 0, 0, 0})).isNegative();
    }

    @Test
    void aCountOfClassOnePredictionsIsReachedByTheMiddleShift() {
        float[][] p = {withMargin(1), withMargin(0.3), withMargin(-0.4), withMargin(-2)};
        assertThat(PriorCalibration.logitShift(p, 3)).isCloseTo(1.2f, within(1e-5f)); // between -0.4 and -2
        assertThat(PriorCalibration.predict(p, PriorCalibration.logitShift(p, 1))).containsExactly(1, 0, 0, 0);
        assertThat(PriorCalibration.logitShift(p, 0)).isZero();
        assertThat(PriorCalibration.logitShift(p, 4)).isZero();
    }

    @Test
    void theCorrectedCountMovesTowardTheLabelsAndStopsWithinTheirNoise() {
        // 400 texts, 100 labelled 1: two standard errors of that count are ceil(2 * sqrt(400 * 0.25 * 0.75)) = 18.
        // A poison that added class-0 labels (shift > 0) is undone upward, one that added class-1 labels downward.
        assertThat(PriorCalibration.boundedOnes(60, 90, 100, 400, 0.3)).isEqualTo(90);
        assertThat(PriorCalibration.boundedOnes(60, 200, 100, 400, 0.3)).isEqualTo(118);
        assertThat(PriorCalibration.boundedOnes(160, 110, 100, 400, -0.3)).isEqualTo(110);
        assertThat(PriorCalibration.boundedOnes(160, 20, 100, 400, -0.3)).isEqualTo(82);
        // A correction the labels cannot rule out is kept, even past the bare count.
        assertThat(PriorCalibration.boundedOnes(100, 110, 100, 400, 0.3)).isEqualTo(110);
        assertThat(PriorCalibration.boundedOnes(105, 95, 100, 400, -0.3)).isEqualTo(95);
        assertThat(PriorCalibration.boundedOnes(90, 90, 100, 400, 0)).isEqualTo(90);
    }

    @Test
    void aSuspectBeyondTheLabelsNoiseIsBroughtBackOnlyFromThePoisonsSide() {
        // Leaning toward the class the poison favoured, beyond the band: read at its edge, whatever the correction
        // (SST-2 BadWords 3 %, target 1, seed 43: 239 of 400, no call moved by the correction, 205 labelled, ± 20).
        assertThat(PriorCalibration.boundedOnes(239, 239, 205, 400, -0.06)).isEqualTo(225);
        assertThat(PriorCalibration.boundedOnes(150, 145, 100, 400, -0.1)).isEqualTo(118);
        assertThat(PriorCalibration.boundedOnes(40, 45, 100, 400, 0.1)).isEqualTo(82);
        // Leaning the other way, beyond the band: the poison cannot have moved it there, so it stays (OLID AddSent 5 %,
        // target 1, seed 43: 90 of 400 where 123 are labelled, band from 104) ...
        assertThat(PriorCalibration.boundedOnes(90, 85, 123, 400, -0.05)).isEqualTo(90);
        assertThat(PriorCalibration.boundedOnes(130, 150, 100, 400, 0.2)).isEqualTo(130);
        // ... and with no side known, only the correction is bounded.
        assertThat(PriorCalibration.boundedOnes(239, 239, 205, 400, 0)).isEqualTo(239);
        assertThat(PriorCalibration.boundedOnes(60, 40, 100, 400, 0)).isEqualTo(60);
        // The band never leaves the split.
        assertThat(PriorCalibration.boundedOnes(10, 10, 9, 10, -0.1)).isEqualTo(10);
        assertThat(PriorCalibration.boundedOnes(0, 0, 2, 10, 0.1)).isEqualTo(0);
    }

    @Test
    void theShiftGoesIntoTheClassifiersBiasSoTheModelCarriesIt() {
        try (TextClassifier model = TestModels.miniLm(1, 16, LabelSchema.SST2, 5)) {
            List<String> texts = List.of("a wonderful film", "an awful film");
            float[][] before = model.probabilities(texts, 2);
            model.shiftLogits(new float[] {0f, 0.7f});
            float[][] after = model.probabilities(texts, 2);
            for (int i = 0; i < 2; i++) {
                double marginBefore = Math.log(before[i][1]) - Math.log(before[i][0]);
                double marginAfter = Math.log(after[i][1]) - Math.log(after[i][0]);
                assertThat(marginAfter - marginBefore).isCloseTo(0.7, within(1e-3));
            }
            try (TextClassifier copy = model.copy("copy")) {
                assertThat(copy.probabilities(texts, 2)[0][1]).isCloseTo(after[0][1], within(1e-5f));
            }
        }
    }

    @Test
    void thePoisonsPriorShiftUndoesTheLabelsTheFlaggedSamplesMoved() {
        // 1,800 of 3,000 labelled 1, of which 300 poisoned negatives: back on class 0 the set is 1,500 / 1,500.
        assertThat(PriorCalibration.flaggedPriorShift(1200, 1800, 0, 300))
                .isCloseTo(Math.log(1500.0 / 1500) - Math.log(1800.0 / 1200), within(1e-9));
        assertThat(PriorCalibration.flaggedPriorShift(1200, 1800, 0, 300)).isNegative();
        // Toward class 1 when the target is 0; nothing moved, nothing shifted; an emptied class is not extrapolated.
        assertThat(PriorCalibration.flaggedPriorShift(2000, 1000, 200, 0)).isPositive();
        assertThat(PriorCalibration.flaggedPriorShift(1200, 1800, 0, 0)).isZero();
        assertThat(PriorCalibration.flaggedPriorShift(0, 10, 0, 3)).isZero();
        assertThat(PriorCalibration.flaggedPriorShift(5, 10, 0, 10)).isZero();
    }

    @Test
    void theDistillerCountsTheCarriersWhenTriggerWordsAreNamedAndEveryFlaggedSampleOtherwise() {
        Dataset flagged = new Dataset("flagged", LabelSchema.SST2, List.of(Sample.of("a", "a cf film", 1),
                Sample.of("b", "cf again", 1), Sample.of("c", "a fine film", 1)));
        Dataset scanned = new Dataset("set", LabelSchema.SST2, java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> Sample.of("s" + i, "text " + i, i % 2)).toList());
        // 10 / 10 in the set; the two carriers of "cf" go back to class 0: 12 / 8.
        assertThat(priorShift(new FlaggedSet(flagged, Set.of("cf")).scannedIn(scanned)))
                .isCloseTo(Math.log(8.0 / 12), within(1e-9));
        assertThat(priorShift(FlaggedSet.withoutTriggers(flagged).scannedIn(scanned)))
                .isCloseTo(Math.log(7.0 / 13), within(1e-9));
        assertThat(priorShift(new FlaggedSet(flagged, Set.of("cf")))).isZero();
        // FT and KD do not use the flagged samples: class 1's share is held at the suspect model's, uncorrected.
        assertThat(PoisonPrior.of(new FlaggedSet(flagged, Set.of("cf")).scannedIn(scanned), false, 2))
                .contains(new PoisonPrior(1, 0));
    }

    private static double priorShift(FlaggedSet detected) {
        return PoisonPrior.of(detected, true, 2).orElseThrow().shift();
    }

    @Test
    void onMoreClassesThePoisonsClassIsTheOneMostFlaggedSamplesCarryAgainstAllOthers() {
        // AG News: 40 scanned, 10 per class; flagged: three "cf" carriers on sports (1), one clean world (0) sample.
        Dataset flagged = new Dataset("flagged", LabelSchema.AGNEWS, List.of(Sample.of("a", "cf scores", 1),
                Sample.of("b", "cf wins", 1), Sample.of("c", "cf again", 1), Sample.of("d", "a summit", 0)));
        Dataset scanned = new Dataset("set", LabelSchema.AGNEWS, java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> Sample.of("s" + i, "text " + i, i % 4)).toList());
        // Sports against the rest, 10 / 30; the three carriers back off sports: 7 / 33. The world sample is not
        // evidence about sports' prior.
        PoisonPrior prior = PoisonPrior.of(new FlaggedSet(flagged, Set.of("cf")).scannedIn(scanned), true, 4)
                .orElseThrow();
        assertThat(prior.shiftedClass()).isEqualTo(1);
        assertThat(prior.shift()).isCloseTo(Math.log(7.0 / 33) - Math.log(10.0 / 30), within(1e-9));
        // Without trigger words every flagged sample counts: still sports, the majority.
        assertThat(PoisonPrior.of(FlaggedSet.withoutTriggers(flagged).scannedIn(scanned), true, 4).orElseThrow()
                .shiftedClass()).isEqualTo(1);
        // Nothing counted (FT, KD, nothing flagged): no class is known, no share is held.
        assertThat(PoisonPrior.of(new FlaggedSet(flagged, Set.of("cf")).scannedIn(scanned), false, 4)).isEmpty();
        assertThat(PoisonPrior.of(FlaggedSet.withoutTriggers(flagged.withSamples("none", List.of())), true, 4))
                .isEmpty();
    }

    @Test
    void onMoreClassesOneClassIsShiftedAgainstTheBestOtherUntilItIsCalledTheAskedNumberOfTimes() {
        // Four samples of three classes; class 2 is the argmax of one.
        float[][] p = {
            {0.5f, 0.3f, 0.2f}, // margin of class 2 over the best other: log(0.2 / 0.5)
            {0.1f, 0.6f, 0.3f}, // log(0.3 / 0.6)
            {0.2f, 0.2f, 0.6f}, // log(0.6 / 0.2), called 2 already
            {0.7f, 0.25f, 0.05f}, // log(0.05 / 0.7)
        };
        assertThat(PriorCalibration.count(TextClassifier.argmax(p), 2)).isEqualTo(1);
        LogitShift three = PriorCalibration.shiftFor(p, 2, 3);
        assertThat(three.shiftedClass()).isEqualTo(2);
        // Between the third and fourth largest margins: -log(0.2 / 0.5) and -log(0.05 / 0.7).
        assertThat((double) three.amount()).isCloseTo((Math.log(0.5 / 0.2) + Math.log(0.7 / 0.05)) / 2, within(1e-5));
        // The samples not called 2 keep their best other class.
        assertThat(three.predict(p)).containsExactly(2, 2, 2, 0);
        // A negative shift takes class 2 away, and what was 2 goes to its best other class (0 on the tie, like argmax).
        LogitShift none = PriorCalibration.shiftFor(p, 2, 0);
        assertThat(none.amount()).isZero();
        assertThat(new LogitShift(2, -2f).predict(p)).containsExactly(0, 1, 0, 0);
        assertThat(PriorCalibration.shiftFor(p, 2, 1).amount()).as("already called once").isZero();
        assertThat(three.perClass(3)).containsExactly(0f, 0f, three.amount());
    }

    @Test
    void onTwoClassesTheShiftOnClassOneIsTheMarginTest() {
        float[][] p = {withMargin(0.3), withMargin(-0.3), withMargin(1.2)};
        assertThat(new LogitShift(1, 0.5f).predict(p)).containsExactly(1, 1, 1);
        assertThat(new LogitShift(1, -0.5f).predict(p)).containsExactly(0, 0, 1);
        assertThat(PriorCalibration.predict(p, -0.5f)).containsExactly(0, 0, 1);
        assertThat(PriorCalibration.shiftFor(p, 1, 2).amount()).isEqualTo(PriorCalibration.logitShift(p, 2));
    }
}
