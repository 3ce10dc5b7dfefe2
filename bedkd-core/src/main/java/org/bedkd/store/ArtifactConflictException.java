package org.bedkd.store;

/** An artifact already exists at that path with different content (artifacts are immutable). */
public class ArtifactConflictException extends ArtifactException {

    public ArtifactConflictException(String message) {
        super(message);
    }
}
