package org.bedkd.contracts;

/**
 * A claim check: where an artifact lives in the shared artifact store and what its content hash must be.
 *
 * @param uri {@code store:<relative path>} inside the store root (never an absolute path or {@code ..})
 * @param sha256 hex sha256 of the file, or for a model checkpoint directory of its {@code manifest.json} (which holds
 *     the hash of every other file)
 * @param bytes size in bytes (file) or total size (directory)
 */
public record ArtifactRef(String uri, String sha256, long bytes) {

    public static final String SCHEME = "store:";
}
