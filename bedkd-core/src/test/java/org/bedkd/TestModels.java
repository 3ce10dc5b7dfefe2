package org.bedkd;

import org.bedkd.data.LabelSchema;
import org.bedkd.model.DjlRuntime;
import org.bedkd.model.TextClassifier;
import org.bedkd.pipeline.ModelSpec;

/** Small configurations of the real model for tests: the first layers of pretrained MiniLM, short sequences. */
public final class TestModels {

    private TestModels() {
    }

    public static TextClassifier miniLm(int layers, int maxLength, LabelSchema schema, long seed) {
        DjlRuntime.seed(seed);
        return TextClassifier.fromPretrainedMiniLm("test", schema, new ModelSpec(layers, maxLength)
                .classifierConfig(schema.size()));
    }
}
