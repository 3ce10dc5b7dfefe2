package org.bedkd.defense.dmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bedkd.TestModels.samples;

import org.bedkd.TestModels;
import org.bedkd.data.Dataset;
import org.bedkd.data.LabelSchema;
import org.bedkd.model.TextClassifier;
import org.bedkd.train.TrainListener;
import org.bedkd.train.TrainSpeed;
import org.junit.jupiter.api.Test;

class DirectionalMappingTrainerTest {

    private static final Dataset FEW_CLEAN = Dataset.concat("few", samples("g", 8, "a wonderful film", 1),
            samples("b", 8, "an awful film", 0));

    @Test
    void aDmmOnTheFlippedLabelsAloneTrainsOnUntilItsFlipHoldsAndNoFurtherThanTwiceItsEpochs() {
        // A learning rate too small to move the model: the flip never holds, so it stops at 2 · N_m.
        DmmConfig stalled = DmmConfig.builder().samplesPerClass(8).epochs(1).learningRate(1e-9f).batchSize(8).build();
        try (TextClassifier suspect = TestModels.miniLm(1, 16, LabelSchema.SST2, 5)) {
            var r = DirectionalMappingTrainer.train(suspect, FEW_CLEAN, stalled, TrainSpeed.DEFAULT, 1,
                    TrainListener.NONE);
            r.dmm().close();
            assertThat(r.flippedAccuracy()).isLessThan(DirectionalMappingTrainer.MAPPED);
            assertThat(r.epochs()).isEqualTo(2);
            // With soft terms a low flip is by design (the paper's α = 0.3): N_m epochs, no more.
            var soft = DirectionalMappingTrainer.train(suspect, FEW_CLEAN, stalled.withAlpha(0.3f), TrainSpeed.DEFAULT,
                    1, TrainListener.NONE);
            soft.dmm().close();
            assertThat(soft.epochs()).isEqualTo(1);
            // A learning rate that maps: it stops as soon as the flip holds.
            var mapped = DirectionalMappingTrainer.train(suspect, FEW_CLEAN, stalled.withLearningRate(1e-3f)
                    .withEpochs(3), TrainSpeed.DEFAULT, 1, TrainListener.NONE);
            mapped.dmm().close();
            assertThat(mapped.flippedAccuracy()).isGreaterThanOrEqualTo(DirectionalMappingTrainer.MAPPED);
            assertThat(mapped.epochs()).isBetween(3, 6);
        }
    }
}
