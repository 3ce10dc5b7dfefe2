package org.bedkd;

import java.util.ArrayList;
import java.util.List;
import org.bedkd.data.Dataset;
import org.bedkd.data.LabelSchema;
import org.bedkd.data.Sample;
import org.bedkd.model.DjlRuntime;
import org.bedkd.model.TextClassifier;
import org.bedkd.pipeline.ModelSpec;

/** Small configurations of the real model for tests: the first layers of pretrained MiniLM, short sequences. */
public final class TestModels {

    private TestModels() {
    }

    /** {@code n} SST-2 samples {@code name0…}, each {@code text} with its index appended, all of {@code label}. */
    public static Dataset samples(String name, int n, String text, int label) {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s.add(Sample.of(name + i, text + " " + i, label));
        }
        return new Dataset(name, LabelSchema.SST2, s);
    }

    public static TextClassifier miniLm(int layers, int maxLength, LabelSchema schema, long seed) {
        DjlRuntime.seed(seed);
        return TextClassifier.fromPretrainedMiniLm("test", schema, new ModelSpec(layers, maxLength)
                .classifierConfig(schema.size()));
    }
}
