package org.bedkd.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void accuracyAsrAndFloor() {
        int[] labels = {0, 0, 1, 1, 0};
        int[] predicted = {0, 1, 1, 0, 0};
        assertThat(Metrics.accuracy(predicted, labels)).isCloseTo(60.0, within(1e-9));
        // triggered non-target samples: 3 of 4 classified as target 1
        assertThat(Metrics.attackSuccessRate(new int[] {1, 1, 0, 1}, null, 1)).isCloseTo(75.0, within(1e-9));
        // floor: clean samples with label != 1 (indices 0, 1, 4) predicted 1: one of three
        assertThat(Metrics.asrFloor(predicted, labels, 1)).isCloseTo(100.0 / 3, within(1e-9));
        assertThat(Metrics.accuracy(new int[0], new int[0])).isNaN();
    }

    @Test
    void flipRateCountsChangedPredictionsOfTheSelectedClassesOnly() {
        int[] labels = {0, 0, 1, 1, 1};
        int[] before = {0, 1, 1, 1, 0};
        int[] after = {1, 1, 0, 1, 0};
        assertThat(Metrics.flipRate(before, after, labels, c -> c == 1)).isCloseTo(100.0 / 3, within(1e-9));
        assertThat(Metrics.flipRate(before, after, labels, c -> c == 0)).isCloseTo(50.0, within(1e-9));
        assertThat(Metrics.flipRate(before, after, labels, c -> c == 2)).isNaN();
    }

    @Test
    void balancedAccuracyDoesNotRewardLeaningTowardTheMajority() {
        // 8 of class 0, 2 of class 1: calling everything 0 is 80 % accurate and 50 % balanced.
        int[] labels = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
        int[] allMajority = new int[10];
        assertThat(Metrics.accuracy(allMajority, labels)).isCloseTo(80.0, within(1e-9));
        assertThat(ConfusionMatrix.of(allMajority, labels, 2).balancedAccuracy()).isCloseTo(50.0, within(1e-9));
        int[] oneEachWrong = {1, 0, 0, 0, 0, 0, 0, 0, 1, 0};
        assertThat(ConfusionMatrix.of(oneEachWrong, labels, 2).balancedAccuracy()).isCloseTo((87.5 + 50) / 2,
                within(1e-9));
        assertThat(ConfusionMatrix.of(new int[0], new int[0], 2).balancedAccuracy()).isNaN();
        assertThat(ConfusionMatrix.of(new int[] {0, 0}, new int[] {0, 0}, 3).balancedAccuracy())
                .as("classes without samples are left out").isCloseTo(100.0, within(1e-9));
    }

    @Test
    void confusionMatrixAndRecall() {
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 1, 1, 0}, new int[] {0, 0, 1, 1}, 2);
        assertThat(cm.counts()).isEqualTo(new int[][] {{1, 1}, {1, 1}});
        assertThat(cm.recall()).containsExactly(50.0, 50.0);
    }

    @Test
    void aRefusedInputIsAMissForItsClassAsInCacc() {
        // Class 0: one right, one refused; class 1: two right, one refused.
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, Predictor.ABSTAIN, 1, 1, Predictor.ABSTAIN},
                new int[] {0, 0, 1, 1, 1}, 2);
        assertThat(cm.counts()).isEqualTo(new int[][] {{1, 0}, {0, 2}});
        assertThat(cm.refused()).containsExactly(1, 1);
        assertThat(cm.recall()[0]).isCloseTo(50.0, within(1e-9));
        assertThat(cm.recall()[1]).isCloseTo(200.0 / 3, within(1e-9));
        // A report written before refusals were counted reads as none refused.
        assertThat(new ConfusionMatrix(new int[][] {{1, 1}, {0, 2}}, null).recall()).containsExactly(50.0, 100.0);
    }
}
