package org.bedkd.contracts;

import java.util.Arrays;

/**
 * Where a job is, and the one state machine every reader of the job events applies: a job is {@code SUBMITTED}, then
 * runs each {@link Stage} in order, and ends {@code DONE}, {@code FAILED} or {@code CANCELLED}. States only move
 * forward (events may arrive late or twice); FAILED and CANCELLED end a job from any state that has not ended.
 */
public enum JobState {
    SUBMITTED(0, null), DETECTING(1, Stage.DETECTING), DISTILLING(2, Stage.DISTILLING),
    EVALUATING(3, Stage.EVALUATING), DONE(4, null), FAILED(5, null), CANCELLED(5, null);

    private final int rank;
    private final Stage stage;

    JobState(int rank, Stage stage) {
        this.rank = rank;
        this.stage = stage;
    }

    public boolean isTerminal() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }

    /** Whether moving from this state to {@code next} is allowed (never backwards, never out of a terminal state). */
    public boolean canMoveTo(JobState next) {
        return !isTerminal() && next.rank > rank;
    }

    /** {@code next} when the machine allows the move, else this state. */
    public JobState moveTo(JobState next) {
        return canMoveTo(next) ? next : this;
    }

    /** The state of a job while {@code stage} runs. */
    public static JobState running(Stage stage) {
        return Arrays.stream(values()).filter(s -> s.stage == stage).findFirst().orElseThrow();
    }

    /** The state after {@code stage} published its outcome: the next stage's, or DONE after the last. */
    public static JobState after(Stage stage) {
        return stage.next().map(JobState::running).orElse(DONE);
    }

    /**
     * The state a job event moves its job to ({@code progressStage}: the stage a progress event names); SUBMITTED for
     * events that do not move a job.
     */
    public static JobState onEvent(String eventType, String progressStage) {
        return switch (eventType) {
            case EventTypes.JOB_PROGRESSED -> Stage.parse(progressStage).map(JobState::running).orElse(SUBMITTED);
            case EventTypes.DETECTION_COMPLETED -> after(Stage.DETECTING);
            case EventTypes.MODEL_PURIFIED -> after(Stage.DISTILLING);
            case EventTypes.EVALUATION_COMPLETED -> after(Stage.EVALUATING);
            case EventTypes.JOB_FAILED -> FAILED;
            case EventTypes.JOB_CANCELLED -> CANCELLED;
            default -> SUBMITTED;
        };
    }
}
