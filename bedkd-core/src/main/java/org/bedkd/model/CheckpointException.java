package org.bedkd.model;

/** A checkpoint that is missing, corrupt or does not match what the caller expects. */
public class CheckpointException extends RuntimeException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
