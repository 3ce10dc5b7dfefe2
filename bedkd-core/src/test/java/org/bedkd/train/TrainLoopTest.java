package org.bedkd.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.bedkd.TestModels;
import org.bedkd.data.Dataset;
import org.bedkd.data.LabelSchema;
import org.bedkd.data.Sample;
import org.bedkd.defense.Objectives;
import org.bedkd.model.Precision;
import org.bedkd.model.TextClassifier;
import org.bedkd.train.loss.TrainingLoss;
import org.junit.jupiter.api.Test;

class TrainLoopTest {

    /** Trivially separable: the label is carried by one word. */
    static Dataset toy(int n) {
        String[] good = {"great", "wonderful", "superb", "delightful"};
        String[] bad = {"awful", "terrible", "dreadful", "boring"};
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            String word = (label == 1 ? good : bad)[(i / 2) % 4];
            s.add(Sample.of("t" + i, "the film was " + word + " from start " + (i % 7 == 0 ? "to end" : ""), label));
        }
        return new Dataset("toy", LabelSchema.SST2, s);
    }

    @Test
    void lossFallsOnASeparableSetAndListenersSeeEveryStep() {
        Dataset data = toy(64);
        try (TextClassifier model = TestModels.miniLm(1, 16, LabelSchema.SST2, 1)) {
            List<TrainListener.StepEvent> steps = new ArrayList<>();
            TrainResult r = TrainLoop.fit(model, TrainSettings.defaults(4, 1).withLearningRate(2e-4f),
                    List.of(new Phase("ce", TrainingSet.of(model, data), Objectives.crossEntropy(), 16)),
                    new TrainListener() {
                        @Override
                        public void onStep(StepEvent step) {
                            steps.add(step);
                        }
                    });
            assertThat(r.steps()).isEqualTo(16);
            assertThat(steps).hasSize(16);
            assertThat(steps.get(15).totalSteps()).isEqualTo(16);
            double first = r.epochs().get(0).phaseLoss().get("ce");
            double last = r.epochs().get(3).phaseLoss().get("ce");
            assertThat(last).isLessThan(first * 0.5);
        }
    }

    @Test
    void runningTheTeacherPerBatchTrainsLikeTheCacheAndLeaksNothing() {
        // The speed ablation's "no teacher cache" must change the cost only: same losses, same model.
        Dataset data = toy(48);
        TrainSpeed live = TrainSpeed.DEFAULT.withTeacherCache(false);
        try (TextClassifier teacher = TestModels.miniLm(1, 16, LabelSchema.SST2, 2);
                TextClassifier cachedStudent = teacher.copy("cached");
                TextClassifier liveStudent = teacher.copy("live")) {
            int teacherArrays = teacher.model().getNDManager().getManagedArrays().size();
            TrainingLoss dmm = Objectives.dmm(0.3f, 1.5f);
            TrainResult cached = TrainLoop.fit(cachedStudent, TrainSpeed.DEFAULT.settings(2, 5), List.of(new Phase(
                    "dmm", TrainingSet.of(cachedStudent, data).withTeacherFor(dmm, teacher, 16, TrainSpeed.DEFAULT),
                    dmm, 8)), TrainListener.NONE);
            TrainResult perBatch = TrainLoop.fit(liveStudent, live.settings(2, 5), List.of(new Phase("dmm",
                    TrainingSet.of(liveStudent, data).withTeacherFor(dmm, teacher, 16, live), dmm, 8)),
                    TrainListener.NONE);
            for (int e = 0; e < 2; e++) {
                assertThat(perBatch.epochs().get(e).phaseLoss().get("dmm"))
                        .isCloseTo(cached.epochs().get(e).phaseLoss().get("dmm"), within(1e-4));
            }
            float[][] a = cachedStudent.probabilities(TrainingSet.of(cachedStudent, data).tokens(), 16);
            float[][] b = liveStudent.probabilities(TrainingSet.of(liveStudent, data).tokens(), 16);
            // In bf16, inference rounds the residual stream between layers to bf16, where two students a few 1e-6
            // apart can land one bf16 step apart.
            float tolerance = teacher.precision() == Precision.BF16 ? 1e-3f : 1e-4f;
            for (int i = 0; i < a.length; i++) {
                for (int c = 0; c < a[i].length; c++) {
                    assertThat(b[i][c]).isCloseTo(a[i][c], within(tolerance));
                }
            }
            assertThat(teacher.model().getNDManager().getManagedArrays()).hasSize(teacherArrays);
            // A loss that reads no teacher output (the DMM loss at α = 1) gets no teacher pass at all.
            TrainingSet plain = TrainingSet.of(liveStudent, data);
            assertThat(plain.withTeacherFor(Objectives.dmm(1f, 1.5f), teacher, 16, TrainSpeed.DEFAULT)).isSameAs(plain);
        }
    }

    @Test
    void liveNdArrayCountStaysFlatOverManySteps() {
        Dataset data = toy(32);
        try (TextClassifier teacher = TestModels.miniLm(1, 16, LabelSchema.SST2, 2);
                TextClassifier student = teacher.copy("student")) {
            TrainingSet set = TrainingSet.of(student, data).withTeacher(teacher, true, 16);
            Phase phase = new Phase("dmm", set, Objectives.dmm(0.3f, 1.5f), 8);
            TrainLoop.fit(student, TrainSettings.defaults(1, 3), List.of(phase), TrainListener.NONE);
            int before = student.model().getNDManager().getManagedArrays().size();
            TrainLoop.fit(student, TrainSettings.defaults(1, 3), List.of(phase), TrainListener.NONE);
            int afterOneMore = student.model().getNDManager().getManagedArrays().size();
            TrainLoop.fit(student, TrainSettings.defaults(10, 3), List.of(phase), TrainListener.NONE);
            int afterTenMore = student.model().getNDManager().getManagedArrays().size();
            // Each fit adds one optimiser state (2 arrays per trainable parameter); the steps themselves add nothing.
            assertThat(afterTenMore - afterOneMore).isEqualTo(afterOneMore - before);
        }
    }

    @Test
    void earlyStopAndInterleavedPhases() {
        Dataset data = toy(32);
        try (TextClassifier model = TestModels.miniLm(1, 16, LabelSchema.SST2, 4)) {
            List<String> phases = new ArrayList<>();
            TrainResult r = TrainLoop.fit(model, TrainSettings.defaults(5, 1).withOrder(TrainSettings.PhaseOrder.INTERLEAVED),
                    List.of(new Phase("a", TrainingSet.of(model, data), Objectives.crossEntropy(), 8),
                            new Phase("b", TrainingSet.of(model, toy(16)), Objectives.crossEntropy(), 8)),
                    new TrainListener() {
                        @Override
                        public void onStep(StepEvent step) {
                            phases.add(step.phase());
                        }

                        @Override
                        public boolean onEpochEnd(EpochEvent epoch) {
                            return epoch.epoch() < 2;
                        }
                    });
            assertThat(r.stoppedEarly()).isTrue();
            assertThat(r.epochs()).hasSize(2);
            assertThat(r.epochs()).allSatisfy(e -> assertThat(e.model()).isSameAs(model)); // listeners see the student
            // 4 batches of "a" and 2 of "b", spread evenly: a b a a b a
            assertThat(phases.subList(0, 6)).containsExactly("a", "b", "a", "a", "b", "a");
        }
    }
}
