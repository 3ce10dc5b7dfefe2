package org.bedkd.service;

/**
 * A stage resolved a job differently from the stage before it (another configuration or other data splits): going on
 * would purify with other data than the detector flagged on, so the job fails instead.
 */
public class StageMismatchException extends IllegalStateException {

    public StageMismatchException(String message) {
        super(message);
    }
}
