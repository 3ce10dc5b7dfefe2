package org.bedkd.defense.akd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bedkd.TestModels.samples;

import java.util.Arrays;
import org.bedkd.TestModels;
import org.bedkd.data.Dataset;
import org.bedkd.data.LabelSchema;
import org.bedkd.model.TextClassifier;
import org.bedkd.train.TrainingSet;
import org.junit.jupiter.api.Test;

class ClassPriorTest {

    @Test
    void topUpAddsTheFewestSamplesThatReachThePrior() {
        // OLID's few-shot set: 100 per class; the clean split says 67 % not offensive. The minority keeps its 100, the
        // majority is filled up to 203.
        assertThat(ClassPrior.topUp(new int[] {100, 100}, new int[] {268, 132})).containsExactly(103, 0);
        // Already at the prior: nothing to add.
        assertThat(ClassPrior.topUp(new int[] {67, 33}, new int[] {268, 132})).containsExactly(0, 0);
        // A class the prior never saw keeps what it has and gets nothing.
        assertThat(ClassPrior.topUp(new int[] {4, 4}, new int[] {0, 8})).containsExactly(0, 0);
    }

    @Test
    void resampledKeepsEverySampleAndRepeatsTheUnderRepresentedClassInTurn() {
        Dataset trust = Dataset.concat("trust", samples("g", 4, "a wonderful film", 1),
                samples("b", 4, "an awful film", 0));
        // The clean split is 75 % class 1.
        ClassPrior prior = ClassPrior.of(Dataset.concat("val", samples("p", 6, "fine", 1), samples("n", 2, "bad", 0)),
                2);
        assertThat(prior.counts()).containsExactly(2, 6);
        try (TextClassifier model = TestModels.miniLm(1, 16, LabelSchema.SST2, 3)) {
            TrainingSet set = prior.resampled(model, trust);
            int[] labels = set.labels();
            assertThat(labels).hasSize(16);
            assertThat(Arrays.stream(labels).filter(y -> y == 1).count()).isEqualTo(12);
            // The trust set first, as it was, then class 1's four samples twice over.
            assertThat(Arrays.copyOfRange(labels, 0, 8)).containsExactly(trust.labels());
            assertThat(Arrays.copyOfRange(labels, 8, 16)).containsOnly(1);
            long[][] tokens = set.tokens();
            assertThat(tokens[8]).containsExactly(tokens[0]);
            assertThat(tokens[12]).containsExactly(tokens[0]);

            // A balanced prior leaves the set as drawn.
            ClassPrior even = ClassPrior.of(trust, 2);
            assertThat(even.resampled(model, trust).labels()).containsExactly(trust.labels());
            assertThat(even.resampled(model, trust).name()).isEqualTo("trust");
        }
    }
}
