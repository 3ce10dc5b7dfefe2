package org.bedkd.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The store on a filesystem under one root directory (a ReadWriteMany volume shared by the services; the embedded
 * default). Every path a caller names is resolved inside
 * the root: absolute paths, {@code ..} segments and symbolic links are refused, so a message can never make a
 * service read or write elsewhere. Writes go to a temporary name in the root and are linked or renamed into place, so
 * a reader never sees half an artifact. Artifacts are immutable: a name is taken once (atomically, also between
 * processes), a second write of other content is an {@link ArtifactConflictException}, and stored files are made
 * read-only. Which caller may write where is the callers' business ({@code uploads/} for users, {@code jobs/<id>/}
 * for the pipeline); the store only guarantees that nothing is overwritten.
 */
public final class FileArtifactStore implements ArtifactStore {

    private static final String TMP_DIR = ".tmp";
    /** A temporary this old belongs to no live write (uploads stream at far more than 1 GiB an hour). */
    static final java.time.Duration STALE_TMP = java.time.Duration.ofHours(6);

    private final Path root;
    private volatile long lastSweep;

    public FileArtifactStore(Path root) {
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
            Files.createDirectories(this.root.resolve(TMP_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use artifact store root " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public Path local(String uri) {
        Path p = resolve(uri);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new ArtifactException("no artifact at " + uri);
        }
        return p;
    }

    @Override
    public java.util.Optional<byte[]> read(String uri) {
        Path p = resolve(uri);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + uri, e);
        }
    }

    /**
     * The file or directory a {@code store:} URI names, confined to the root.
     *
     * @throws ArtifactException for another scheme, an absolute path, {@code ..}, or a symbolic link on the way
     */
    public Path resolve(String uri) {
        if (uri != null && uri.startsWith("s3://")) {
            throw new ArtifactException("this store is a filesystem (" + root + "); s3:// references need the S3 store"
                    + " (bedkd.store.type=s3): " + uri);
        }
        String relative = ArtifactFiles.relativePath(uri);
        Path p = root;
        for (String part : relative.split("/")) {
            if (part.equals(TMP_DIR)) {
                throw new ArtifactException("artifact path may not contain '" + part + "' segments: " + uri);
            }
            p = p.resolve(part);
            if (Files.isSymbolicLink(p)) {
                throw new ArtifactException("artifact path goes through a symbolic link: " + uri);
            }
        }
        if (!p.normalize().startsWith(root)) {
            throw new ArtifactException("artifact path escapes the store root: " + uri);
        }
        return p;
    }

    @Override
    public boolean exists(String uri) {
        return Files.exists(resolve(uri), LinkOption.NOFOLLOW_LINKS);
    }

    /** The reference of an existing artifact (hash computed now). */
    @Override
    public StoredArtifact describe(String uri) {
        Path p = resolve(uri);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new ArtifactException("no artifact at " + uri);
        }
        return new StoredArtifact(uri, ArtifactFiles.hash(p), ArtifactFiles.size(p));
    }

    /**
     * Resolves {@code uri} and checks that its content hash is {@code sha256}.
     *
     * @throws ArtifactException when missing or when the hash differs (a corrupt or substituted artifact)
     */
    @Override
    public Path verify(String uri, String sha256) {
        StoredArtifact actual = describe(uri);
        if (sha256 == null || !sha256.equalsIgnoreCase(actual.sha256())) {
            throw new ArtifactException("sha256 mismatch for " + uri + ": expected " + sha256 + ", found "
                    + actual.sha256());
        }
        return resolve(uri);
    }

    /**
     * Stores a stream as a file at {@code relative}. Artifacts are immutable: identical content already there is fine
     * (returned as is, so a redelivered message can repeat a write), different content is an {@link
     * ArtifactConflictException}. The file appears atomically and exactly once, also under concurrency.
     */
    @Override
    public StoredArtifact putFile(String relative, InputStream content) {
        resolve(ArtifactStore.uri(relative));
        return commit(receive(content, Long.MAX_VALUE, true), relative);
    }

    /**
     * Creates the file at {@code relative} only if nothing is there yet, atomically (two racing callers: exactly one
     * wins). Used for claims and stage outcomes, where the first writer decides.
     *
     * @return empty when this call created it; otherwise the content that was already there
     */
    @Override
    public java.util.Optional<byte[]> createIfAbsent(String relative, byte[] content) {
        Path target = resolve(ArtifactStore.uri(relative));
        Path tmp = tmp();
        try {
            Files.write(tmp, content);
            Files.createDirectories(target.getParent());
            if (linkExclusive(tmp, target)) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(Files.readAllBytes(target));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + relative, e);
        } finally {
            ArtifactFiles.deleteQuietly(tmp);
        }
    }

    /**
     * Builds a directory artifact (e.g. a checkpoint) with {@code writer} in a temporary directory, checks that it is
     * one (a {@code manifest.json}), then renames it to {@code relative}. An existing artifact there with the same
     * content hash is kept; a different one is a conflict. A failed or rejected build leaves nothing behind.
     */
    @Override
    public StoredArtifact putDirectory(String relative, Consumer<Path> writer) {
        Path target = resolve(ArtifactStore.uri(relative));
        Path tmp = tmp();
        try {
            writer.accept(tmp);
            String sha = ArtifactFiles.hash(tmp); // refuses a directory without a manifest before it gets a name
            return publishDirectory(tmp, target, relative, sha);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + relative, e);
        } finally {
            ArtifactFiles.deleteQuietly(tmp);
        }
    }

    /**
     * Streams {@code in} into a temporary file (never into memory), hashing it.
     *
     * @throws ArtifactException when it exceeds {@code maxBytes} or is empty (the partial file is deleted)
     */
    @Override
    public Upload receive(InputStream in, long maxBytes) {
        return receive(in, maxBytes, false);
    }

    private Upload receive(InputStream in, long maxBytes, boolean allowEmpty) {
        sweepStaleTemporaries();
        return ArtifactFiles.spool(in, tmp(), maxBytes, allowEmpty);
    }

    /**
     * Makes a received file the artifact at {@code relative}. Artifacts are immutable: identical content already there
     * is fine (returned as is), different content is a conflict. The received file is consumed either way.
     */
    @Override
    public StoredArtifact commit(Upload upload, String relative) {
        try {
            Path target = resolve(ArtifactStore.uri(relative));
            Files.createDirectories(target.getParent());
            readOnly(upload.file());
            if (!linkExclusive(upload.file(), target)) {
                StoredArtifact existing = describe(ArtifactStore.uri(relative));
                if (!existing.sha256().equals(upload.sha256())) {
                    throw new ArtifactConflictException(ArtifactStore.uri(relative) + " exists with different content (sha256 "
                            + existing.sha256() + ")");
                }
                return existing;
            }
            return new StoredArtifact(ArtifactStore.uri(relative), upload.sha256(), upload.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + relative, e);
        } finally {
            ArtifactFiles.deleteQuietly(upload.file());
        }
    }

    /**
     * Extracts a received zip of plain files (a checkpoint directory) into the artifact at {@code relative}, within
     * {@code limits} (a zip bomb is refused while it inflates). Nothing is left behind when it is refused.
     */
    @Override
    public StoredArtifact commitZip(Upload upload, String relative, UnzipLimits limits) {
        try {
            return putDirectory(relative, dir -> ArtifactFiles.unzip(upload.file(), upload.bytes(), dir, limits));
        } finally {
            ArtifactFiles.deleteQuietly(upload.file());
        }
    }

    /**
     * Writes a small mutable file (e.g. a registry entry), replacing any previous version atomically: readers see the
     * old or the new content, never a mix.
     */
    @Override
    public StoredArtifact replaceBytes(String relative, byte[] content) {
        Path target = resolve(ArtifactStore.uri(relative));
        Path tmp = tmp();
        try {
            Files.write(tmp, content);
            Files.createDirectories(target.getParent());
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return describe(ArtifactStore.uri(relative));
        } catch (IOException e) {
            ArtifactFiles.deleteQuietly(tmp);
            throw new UncheckedIOException("cannot store " + relative, e);
        }
    }

    /** Deletes an artifact or a directory of artifacts (e.g. a crashed stage's partial outputs). */
    @Override
    public void delete(String relative) {
        Path p = resolve(ArtifactStore.uri(relative));
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            ArtifactFiles.deleteQuietly(p);
        }
    }

    private StoredArtifact publishDirectory(Path tmp, Path target, String relative, String sha) throws IOException {
        Files.createDirectories(target.getParent());
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                readOnly(f);
            }
        }
        boolean published = false;
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            try {
                // rename(2) of a directory fails when the target is a non-empty directory: a racing writer loses here.
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                published = true;
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the store root must support atomic renames", e);
            } catch (java.nio.file.FileSystemException raced) {
                // ENOTEMPTY / EEXIST (the JDK reports the first as a plain FileSystemException): another writer's
                // directory got the name first. Anything else is a real error.
                if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw raced;
                }
            }
        }
        if (published) {
            return new StoredArtifact(ArtifactStore.uri(relative), sha, ArtifactFiles.size(target));
        }
        StoredArtifact existing = describe(ArtifactStore.uri(relative));
        if (!existing.sha256().equals(sha)) {
            throw new ArtifactConflictException(ArtifactStore.uri(relative) + " exists with different content (sha256 "
                    + existing.sha256() + ")");
        }
        return existing;
    }

    /**
     * Gives {@code file} the name {@code target} unless something has that name: link(2) fails atomically on an
     * existing name, where rename(2) would silently replace it.
     *
     * @return false when {@code target} already existed
     */
    private static boolean linkExclusive(Path file, Path target) throws IOException {
        try {
            Files.createLink(target, file);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    private static void readOnly(Path file) {
        file.toFile().setWritable(false, false);
    }

    /** Deletes temporaries older than {@link #STALE_TMP} (left by a crashed process); runs at most once a minute. */
    private void sweepStaleTemporaries() {
        long now = System.currentTimeMillis();
        if (now - lastSweep < 60_000) {
            return;
        }
        lastSweep = now;
        try (Stream<Path> entries = Files.list(root.resolve(TMP_DIR))) {
            for (Path p : entries.toList()) {
                try {
                    long modified = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis();
                    if (now - modified > STALE_TMP.toMillis()) {
                        ArtifactFiles.deleteQuietly(p);
                    }
                } catch (IOException gone) {
                    // removed meanwhile
                }
            }
        } catch (IOException ignored) {
            // best effort
        }
    }

    private Path tmp() {
        return root.resolve(TMP_DIR).resolve(UUID.randomUUID().toString());
    }

}
