package org.bedkd.defense.filter;

import java.util.List;
import org.bedkd.metrics.Predictor;
import org.bedkd.model.TextClassifier;

/** An inference-time defense in front of a suspect model. */
public interface InputFilter {

    /** Report name, e.g. {@code imbert}, {@code onion-bigram}, {@code strip}. */
    String name();

    /** Its settings in words, for reports ({@code K = 3}, ...). */
    String describe();

    /** What the model is shown for each text, in input order. */
    List<Screened> screen(TextClassifier model, List<String> texts);

    /** The model behind this filter, as a {@link Predictor}: refused inputs get {@link Predictor#ABSTAIN}. */
    default Predictor in(TextClassifier model, int batchSize) {
        return texts -> answers(model, screen(model, texts), batchSize);
    }

    /** The model's answer to what each screened input became, {@link Predictor#ABSTAIN} where it was refused. */
    static int[] answers(TextClassifier model, List<Screened> screened, int batchSize) {
        int[] out = model.predict(screened.stream().map(Screened::text).toList(), batchSize);
        for (int i = 0; i < out.length; i++) {
            if (screened.get(i).rejected()) {
                out[i] = Predictor.ABSTAIN;
            }
        }
        return out;
    }
}
