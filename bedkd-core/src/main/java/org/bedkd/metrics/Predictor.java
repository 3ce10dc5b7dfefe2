package org.bedkd.metrics;

import java.util.List;

/**
 * What answers a test set: a model alone, or a model behind an inference-time filter, which may refuse an input
 * ({@link #ABSTAIN}). A refusal is never the target class (it fails the attack) and never the true label (it costs
 * clean accuracy).
 */
@FunctionalInterface
public interface Predictor {

    int ABSTAIN = -1;

    /** One class per text, in input order, or {@link #ABSTAIN}. */
    int[] predict(List<String> texts);
}
