package org.bedkd.store;

/** An artifact reference that is invalid, outside the store, missing or corrupt. */
public class ArtifactException extends IllegalArgumentException {

    public ArtifactException(String message) {
        super(message);
    }

    public ArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
