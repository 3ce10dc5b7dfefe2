package org.bedkd.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.bedkd.TestModels;
import org.bedkd.data.LabelSchema;
import org.bedkd.model.TextClassifier;
import org.junit.jupiter.api.Test;

class TrainingSetTest {

    @Test
    void aTeacherOnOtherTextsGivesEachRowTheLogitsOfItsOwnTextEvenWhereTextsRepeat() {
        List<String> samples = List.of("a wonderful film", "an awful film", "a wonderful film cf", "an awful cf film");
        // Rows 2 and 3 are distilled toward what the teacher says of rows 0 and 1: the same text twice.
        List<String> teacherTexts = List.of("a wonderful film", "an awful film", "a wonderful film", "an awful film");
        try (TextClassifier model = TestModels.miniLm(1, 16, LabelSchema.SST2, 9);
                NDManager m = NDManager.newBaseManager()) {
            TrainingSet set = TrainingSet.of("copies", model, samples, new int[] {1, 0, 1, 0})
                    .withTeacherOn(model, teacherTexts, 2);
            int[] rows = {0, 1, 2, 3};
            float[] logits = set.targets(m, rows, set.inputs(m, rows, model), true, false).teacherLogits()
                    .toFloatArray();
            float[][] alone = model.probabilities(List.of("a wonderful film", "an awful film"), 2);
            assertThat(logits[0]).isNotEqualTo(logits[2]); // the two texts differ for the teacher
            for (int c = 0; c < 2; c++) {
                assertThat(logits[4 + c]).as("row 2 = row 0, class %d", c).isEqualTo(logits[c]);
                assertThat(logits[6 + c]).as("row 3 = row 1, class %d", c).isEqualTo(logits[2 + c]);
            }
            // And they are the teacher's logits of those texts: their softmax is its probabilities.
            assertThat(softmax(logits, 0)[1]).isCloseTo(alone[0][1], offset(1e-3f));
            assertThat(softmax(logits, 2)[1]).isCloseTo(alone[1][1], offset(1e-3f));
        }
    }

    private static float[] softmax(float[] flat, int from) {
        double a = Math.exp(flat[from]);
        double b = Math.exp(flat[from + 1]);
        return new float[] {(float) (a / (a + b)), (float) (b / (a + b))};
    }
}
