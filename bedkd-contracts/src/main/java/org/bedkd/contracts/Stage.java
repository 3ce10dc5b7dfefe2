package org.bedkd.contracts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

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

    /** The stage that runs after this one, if any. */
    public Optional<Stage> next() {
        return ordinal() + 1 < values().length ? Optional.of(values()[ordinal() + 1]) : Optional.empty();
    }

    /** The stage whose {@link #id()} is {@code id}, if any. */
    public static Optional<Stage> parse(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
    }
}
