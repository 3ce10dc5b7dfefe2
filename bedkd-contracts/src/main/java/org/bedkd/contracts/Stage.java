package org.bedkd.contracts;

import java.util.Locale;

/**
 * The pipeline's stages, each owned by one service: the stage name is a path segment in the store
 * ({@code jobs/<id>/<stage>/}) and in progress events, and each stage ends in exactly one outcome event type.
 */
public enum Stage {
    /** detector-service: DMM + MEPD. */
    DETECTING(EventTypes.DETECTION_COMPLETED),
    /** distiller-service: adversarial knowledge distillation. */
    DISTILLING(EventTypes.MODEL_PURIFIED),
    /** evaluator-service: both models on the test sets, gates, report. */
    EVALUATING(EventTypes.EVALUATION_COMPLETED);

    private final String outcomeType;

    Stage(String outcomeType) {
        this.outcomeType = outcomeType;
    }

    /** {@code detecting}, {@code distilling}, {@code evaluating}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The event type a successful run of this stage publishes. */
    public String outcomeType() {
        return outcomeType;
    }
}
