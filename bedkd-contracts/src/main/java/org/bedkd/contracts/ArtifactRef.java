package org.bedkd.contracts;

/**
 * A claim check: where an artifact lives and what its content hash must be.
 *
 * @param uri {@code store:<relative path>} inside the artifact store (never an absolute path or {@code ..}), or, where
 *     the services run on the S3 store, {@code s3://bucket/key} for a user's own object or folder (read-only)
 * @param sha256 hex sha256 of the file, or for a model checkpoint directory of its {@code manifest.json} (which holds
 *     the hash of every other file)
 * @param bytes size in bytes (file) or total size (directory)
 */
public record ArtifactRef(String uri, String sha256, long bytes) {

    public static final String SCHEME = "store:";
}
