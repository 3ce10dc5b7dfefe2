package org.bedkd.defense.akd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kept AKD epoch, from validation numbers: tiers by CACC, then the signal up to its noise, then CACC. */
class EpochRankingTest {

    /** Suspect at 80 % on 400 validation sentences, 2 points of tolerance: eligible from 78, noise margin 4 points. */
    private static final EpochRanking RANKING = new EpochRanking(80, 2, 400, false);

    private static AkdEpoch epoch(double cacc, double heldOut, double flips) {
        return new AkdEpoch(1, Map.of(), 0f, cacc, heldOut, 0, 0, 1, false, flips, Double.NaN, 0);
    }

    @Test
    void theNoiseMarginIsTwoStandardErrorsOfTheSuspectsCacc() {
        assertThat(RANKING.noiseMargin()).isCloseTo(200 * Math.sqrt(0.8 * 0.2 / 400), org.assertj.core.data.Offset
                .offset(1e-9));
        assertThat(RANKING.withinNoise(74.1)).isTrue();
        assertThat(RANKING.withinNoise(73.9)).isFalse();
    }

    @Test
    void anEligibleEpochBeatsABetterSignalOutsideTheTolerance() {
        AkdEpoch eligible = epoch(78.5, 0, 10);
        AkdEpoch nearMiss = epoch(77.5, 0, 1);
        AkdEpoch far = epoch(60, 0, 0);
        assertThat(RANKING.tier(eligible)).isZero();
        assertThat(RANKING.tier(nearMiss)).isEqualTo(1);
        assertThat(RANKING.tier(far)).isEqualTo(2);
        assertThat(RANKING.better(eligible, nearMiss)).isTrue();
        assertThat(RANKING.better(nearMiss, far)).isTrue();
    }

    @Test
    void withNoEligibleEpochTheNoiseTierStillChoosesBySignalNotByCacc() {
        // OLID AddSent seed 42: the most accurate near-miss was the epoch where the backdoor had come back.
        AkdEpoch backdoorBack = epoch(77.75, 0, 40);
        AkdEpoch backdoorGone = epoch(77.25, 0, 3);
        assertThat(RANKING.better(backdoorGone, backdoorBack)).isTrue();
        // Outside the noise tier only CACC counts.
        assertThat(RANKING.better(epoch(70, 0, 40), epoch(65, 0, 3))).isTrue();
    }

    @Test
    void flipRatesWithinTwoStandardErrorsTieAndTheHigherCaccWins() {
        // 2 SE of a 4 % rate on 400 sentences is about 1.9 points.
        AkdEpoch fewerFlips = epoch(79, 0, 3.5);
        AkdEpoch moreAccurate = epoch(80, 0, 4.5);
        assertThat(RANKING.better(moreAccurate, fewerFlips)).isTrue();
        assertThat(RANKING.better(epoch(79, 0, 2), epoch(80, 0, 8))).as("a real difference in flips").isTrue();
    }

    private static AkdEpoch numbered(int number, double cacc, double flips) {
        return new AkdEpoch(number, Map.of(), 0f, cacc, 0, 0, 0, 1, false, flips, Double.NaN, 0);
    }

    @Test
    void withTheSentencesCountedATieInFlipsAndCaccKeepsTheLaterEpoch() {
        // OLID BadWords 20 %, target 0, seed 43: 79.75 against 79.25 (two sentences of 400) kept epoch 2's 2.25 % flips
        // over epoch 4's 1.25 %, and patience stopped the run.
        AkdEpoch second = numbered(2, 79.75, 2.25);
        AkdEpoch fourth = numbered(4, 79.25, 1.25);
        assertThat(RANKING.better(fourth, second)).as("unpaired: any CACC gap settles the tie").isFalse();
        // 20 sentences where the two disagree: 2 SE of the paired difference is 200 * sqrt(20) / 400 = 2.2 points.
        assertThat(RANKING.caccTie(20)).isCloseTo(200 * Math.sqrt(20) / 400, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(RANKING.better(fourth, second, 20)).isTrue();
        assertThat(RANKING.better(second, fourth, 20)).isFalse();
        // The later epoch wins a full tie whichever side its point estimates are on.
        assertThat(RANKING.better(numbered(5, 79.25, 2.0), numbered(4, 79.75, 1.25), 20)).isTrue();
        // Six sentences, each one the more accurate epoch gets right and the other not: 1.5 points against 1.22.
        assertThat(RANKING.better(numbered(2, 80.75, 2.25), fourth, 6)).isTrue();
        assertThat(RANKING.better(fourth, numbered(2, 80.75, 2.25), 6)).isFalse();
        // A flip difference beyond its own noise still decides first.
        assertThat(RANKING.better(numbered(1, 79, 2), numbered(2, 80, 8), 20)).isTrue();
        // Outside the noise tier only CACC counts, paired or not.
        assertThat(RANKING.better(numbered(1, 70, 40), numbered(2, 69.5, 3), 20)).isTrue();
        // The held-out rate (no trigger words) has no tie band: it compares exactly, then CACC, as without the count.
        assertThat(RANKING.better(epoch(79, 10, Double.NaN), epoch(80, 10.5, Double.NaN), 20)).isTrue();
        assertThat(RANKING.better(numbered(1, 80, Double.NaN), numbered(2, 79.75, Double.NaN), 20))
                .as("equal held-out rates: CACC, not the epoch").isTrue();
    }

    @Test
    void withFlipsAndCaccBothTiedTheFewerFlipsWin() {
        AkdEpoch earlier = epoch(79, 0, 5.5);
        AkdEpoch later = epoch(79, 0, 4.0);
        assertThat(RANKING.better(later, earlier)).isTrue();
        assertThat(RANKING.better(earlier, later)).isFalse();
        assertThat(RANKING.better(epoch(79, 0, 4.0), epoch(79, 0, 4.0))).as("a full tie keeps the first").isFalse();
    }

    @Test
    void anEpochThatKeepsCaccByLeaningTowardTheMajorityIsNotEligible() {
        // 300 majority and 100 minority validation sentences; the suspect gets 270 and 60 right: CACC 82.5, balanced 75.
        int[] labels = new int[400];
        int[] suspect = new int[400];
        for (int i = 300; i < 400; i++) {
            labels[i] = 1;
            suspect[i] = i < 360 ? 1 : 0;
        }
        for (int i = 0; i < 30; i++) {
            suspect[i] = 1;
        }
        EpochRanking guarded = EpochRanking.guarded(82.5, 2, false,
                org.bedkd.metrics.ConfusionMatrix.of(suspect, labels, 2));
        assertThat(guarded.validationSize()).isEqualTo(400);
        assertThat(guarded.suspectCacc()).isCloseTo(82.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(guarded.suspectBalanced()).isCloseTo(75, org.assertj.core.data.Offset.offset(1e-9));
        // 2 SE of the mean of recalls 0.9 (of 300) and 0.6 (of 100).
        assertThat(guarded.balancedNoise()).isCloseTo(100 * Math.sqrt(0.09 / 300 + 0.24 / 100),
                org.assertj.core.data.Offset.offset(1e-9));
        // Leaning: 297 majority and 35 minority right, CACC 83.0 (eligible by CACC) but balanced 67.0, under
        // 75 - 2 - 5.2 = 67.8.
        AkdEpoch leaning = new AkdEpoch(2, Map.of(), 0f, 83.0, 0, 0, 0, 1, false, 2, 67.0, 0);
        AkdEpoch balanced = new AkdEpoch(1, Map.of(), 0f, 81.0, 0, 0, 0, 1, false, 10, 76.0, 0);
        assertThat(guarded.eligible(leaning)).isFalse();
        assertThat(guarded.tier(leaning)).isEqualTo(2);
        assertThat(guarded.better(balanced, leaning)).isTrue();
        assertThat(RANKING.better(epoch(83.0, 0, 2), epoch(81.0, 0, 10))).as("CACC alone keeps the lean").isTrue();
        // A dip inside the balanced accuracy's noise is not a lean: the epoch stays eligible and its signal decides.
        AkdEpoch dip = new AkdEpoch(3, Map.of(), 0f, 82.0, 0, 0, 0, 1, false, 2, 71.0, 0);
        assertThat(guarded.eligible(dip)).isTrue();
        assertThat(guarded.better(dip, balanced)).isTrue();
    }

    @Test
    void withoutTriggerWordsTheHeldOutRateComparesExactly() {
        AkdEpoch lower = epoch(79, 10, Double.NaN);
        AkdEpoch higher = epoch(80, 10.5, Double.NaN);
        assertThat(RANKING.signal(lower)).isEqualTo(10);
        assertThat(RANKING.better(lower, higher)).isTrue();
        EpochRanking noHeldOut = new EpochRanking(80, 2, 400, true);
        assertThat(noHeldOut.signal(lower)).isNaN();
        assertThat(noHeldOut.better(higher, lower)).as("no signal: the higher CACC").isTrue();
    }

    @Test
    void patienceCountsFromTheKeptEpochNotFromTheLowestSignal() {
        // Epoch 1 has the fewest flips but a CACC selection never keeps once an eligible epoch exists; epochs 2-4 are
        // eligible and each flips fewer than the last. Counting from the lowest signal stopped after epoch 3.
        List<AkdEpoch> run = List.of(epoch(76.5, 0, 1.0), epoch(80, 0, 9.0), epoch(80, 0, 6.0), epoch(80, 0, 3.0),
                epoch(80, 0, 3.0), epoch(79, 0, 3.0));
        Patience patience = new Patience(2);
        AkdEpoch kept = null;
        List<Boolean> trainOn = new ArrayList<>();
        for (AkdEpoch e : run) {
            boolean better = kept == null || RANKING.better(e, kept);
            kept = better ? e : kept;
            trainOn.add(patience.trainOn(better));
        }
        assertThat(trainOn).containsExactly(true, true, true, true, true, false);
        assertThat(kept).isSameAs(run.get(3));
        assertThat(new Patience(0).trainOn(false)).isTrue();
    }
}
