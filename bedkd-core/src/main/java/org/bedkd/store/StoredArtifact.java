package org.bedkd.store;

/**
 * An artifact in the store.
 *
 * @param uri {@code store:<relative path>}
 * @param sha256 content hash (for a checkpoint directory: of its manifest, which hashes every other file)
 * @param bytes size (directory: total)
 */
public record StoredArtifact(String uri, String sha256, long bytes) {
}
