package org.bedkd.store;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where models, data, scores and reports live between the stages, addressed by reference: {@code store:<path>} inside
 * the store (both implementations), {@code s3://bucket/key} for objects a user hands over (read-only, S3 store only).
 * Every implementation keeps the same guarantees, checked by one contract test against each: a path cannot leave the
 * store, artifacts are immutable (a name is taken once, atomically, also between processes; a second write of other
 * content is an {@link ArtifactConflictException}), a reader never sees half an artifact, and a reference is checked
 * against its sha256 claim before it is used.
 */
public interface ArtifactStore {

    String SCHEME = "store:";

    /** {@code store:<relative>} for a relative path. */
    static String uri(String relative) {
        return SCHEME + relative;
    }

    /** Where the store keeps its artifacts, for logs ({@code /data/artifacts}, {@code s3://bucket/prefix/}). */
    String location();

    /** Whether an artifact exists under {@code uri} (refuses references that leave the store). */
    boolean exists(String uri);

    /**
     * The reference of an existing artifact, with its content hash.
     *
     * @throws ArtifactException when it does not exist or the reference is not allowed
     */
    StoredArtifact describe(String uri);

    /**
     * A local file or directory with the artifact's content, checked against {@code sha256}: the artifact itself
     * (filesystem) or a cached download (S3, downloaded once per content hash).
     *
     * @throws ArtifactException when missing or when the hash differs (a corrupt or substituted artifact)
     */
    Path verify(String uri, String sha256);

    /** A local file or directory with the current content of an existing artifact (no claim to check it against). */
    Path local(String uri);

    /** The bytes of a small file artifact, or empty when there is none (registries, stored events, reports). */
    Optional<byte[]> read(String uri);

    /**
     * Stores a stream as a file at {@code relative}. Identical content already there is fine (returned as is, so a
     * redelivered message can repeat a write); different content is an {@link ArtifactConflictException}.
     */
    StoredArtifact putFile(String relative, InputStream content);

    default StoredArtifact putBytes(String relative, byte[] content) {
        return putFile(relative, new java.io.ByteArrayInputStream(content));
    }

    /**
     * Creates the file at {@code relative} only if nothing is there yet, atomically (two racing callers: exactly one
     * wins). Used for claims and stage outcomes, where the first writer decides.
     *
     * @return empty when this call created it; otherwise the content that was already there
     */
    Optional<byte[]> createIfAbsent(String relative, byte[] content);

    /**
     * Builds a directory artifact (a checkpoint, a Hugging Face model) with {@code writer} in a local temporary
     * directory, checks that it is one, then publishes it at {@code relative}. An artifact there with the same
     * content hash is kept; a different one is a conflict. A failed or rejected build leaves nothing visible.
     */
    StoredArtifact putDirectory(String relative, Consumer<Path> writer);

    /**
     * Streams {@code in} into a local temporary file (never into memory), hashing it.
     *
     * @throws ArtifactException when it exceeds {@code maxBytes} or is empty (the partial file is deleted)
     */
    Upload receive(InputStream in, long maxBytes);

    /** Makes a received file the artifact at {@code relative} (immutable as {@link #putFile}); consumes the upload. */
    StoredArtifact commit(Upload upload, String relative);

    /**
     * Extracts a received zip of plain files (a model directory) into the artifact at {@code relative}, within
     * {@code limits} (a zip bomb is refused while it inflates). Nothing is left visible when it is refused.
     */
    StoredArtifact commitZip(Upload upload, String relative, UnzipLimits limits);

    /**
     * Writes a small mutable file (a registry entry), replacing any previous version atomically: readers see the old
     * or the new content, never a mix.
     */
    StoredArtifact replaceBytes(String relative, byte[] content);

    /** Deletes an artifact or a directory of artifacts (e.g. a crashed stage's partial outputs). */
    void delete(String relative);

    /**
     * An upload received into a local temporary file, hashed on the way in.
     *
     * @param file the temporary file
     * @param sha256 its content hash
     * @param bytes its size
     */
    record Upload(Path file, String sha256, long bytes) {
    }

    /**
     * Bounds on what a zip may inflate to.
     *
     * @param maxEntries most files
     * @param maxBytes most bytes in all, inflated
     * @param maxRatio most inflated bytes per byte of the zip (a checkpoint compresses about 1.1:1, text 4:1)
     */
    public record UnzipLimits(int maxEntries, long maxBytes, double maxRatio) {

        public UnzipLimits {
            if (maxEntries < 1 || maxBytes < 1 || !(maxRatio >= 1)) {
                throw new IllegalArgumentException("unzip limits must be positive (ratio at least 1)");
            }
        }
    }
}
