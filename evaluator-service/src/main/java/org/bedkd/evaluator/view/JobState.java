package org.bedkd.evaluator.view;

import org.bedkd.contracts.Stage;

/** Where a job is. Stages only move forward; FAILED and CANCELLED end a job from any state. */
public enum JobState {
    SUBMITTED(0), DETECTING(1), DISTILLING(2), EVALUATING(3), DONE(4), FAILED(5), CANCELLED(5);

    private final int rank;

    JobState(int rank) {
        this.rank = rank;
    }

    public boolean isTerminal() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }

    /** Whether moving from this state to {@code next} is allowed (never backwards, never out of a terminal state). */
    public boolean canMoveTo(JobState next) {
        return !isTerminal() && next.rank > rank;
    }

    public static JobState forStage(String stage) {
        for (Stage s : Stage.values()) {
            if (s.id().equals(stage)) {
                return switch (s) {
                    case DETECTING -> DETECTING;
                    case DISTILLING -> DISTILLING;
                    case EVALUATING -> EVALUATING;
                };
            }
        }
        return SUBMITTED;
    }
}
