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
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bedkd.model.Checkpoints;

/**
 * A content-addressed-by-reference file store under one root directory. Every path a caller names is resolved inside
 * the root: absolute paths, {@code ..} segments and symbolic links are refused, so a message can never make a
 * service read or write elsewhere. Writes go to a temporary name in the root and are renamed into place, so a reader
 * never sees half an artifact.
 */
public final class ArtifactStore {

    public static final String SCHEME = "store:";
    private static final String TMP_DIR = ".tmp";

    private final Path root;

    public ArtifactStore(Path root) {
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

    /** {@code store:<relative>} for a relative path. */
    public static String uri(String relative) {
        return SCHEME + relative;
    }

    /**
     * The file or directory a {@code store:} URI names, confined to the root.
     *
     * @throws ArtifactException for another scheme, an absolute path, {@code ..}, or a symbolic link on the way
     */
    public Path resolve(String uri) {
        if (uri == null || !uri.startsWith(SCHEME)) {
            throw new ArtifactException("artifact URI must start with '" + SCHEME + "': " + uri);
        }
        String relative = uri.substring(SCHEME.length());
        if (relative.isEmpty() || relative.startsWith("/") || relative.contains("\\") || relative.contains("\0")) {
            throw new ArtifactException("artifact path must be relative to the store root: " + uri);
        }
        Path p = root;
        for (String part : relative.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.equals(TMP_DIR)) {
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

    public boolean exists(String uri) {
        return Files.exists(resolve(uri), LinkOption.NOFOLLOW_LINKS);
    }

    /** The reference of an existing artifact (hash computed now). */
    public StoredArtifact describe(String uri) {
        Path p = resolve(uri);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new ArtifactException("no artifact at " + uri);
        }
        return new StoredArtifact(uri, hash(p), size(p));
    }

    /**
     * Resolves {@code uri} and checks that its content hash is {@code sha256}.
     *
     * @throws ArtifactException when missing or when the hash differs (a corrupt or substituted artifact)
     */
    public Path verify(String uri, String sha256) {
        StoredArtifact actual = describe(uri);
        if (sha256 == null || !sha256.equalsIgnoreCase(actual.sha256())) {
            throw new ArtifactException("sha256 mismatch for " + uri + ": expected " + sha256 + ", found "
                    + actual.sha256());
        }
        return resolve(uri);
    }

    /** Stores a stream as a file at {@code relative}, atomically; an existing artifact there is kept (idempotent). */
    public StoredArtifact putFile(String relative, InputStream content) {
        Path target = resolve(uri(relative));
        if (Files.exists(target)) {
            return describe(uri(relative));
        }
        Path tmp = tmp();
        try {
            Files.copy(content, tmp, StandardCopyOption.REPLACE_EXISTING);
            return publish(tmp, target, relative);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot store " + relative, e);
        }
    }

    public StoredArtifact putBytes(String relative, byte[] content) {
        return putFile(relative, new java.io.ByteArrayInputStream(content));
    }

    /**
     * Builds a directory artifact (e.g. a checkpoint) with {@code writer} in a temporary directory, then renames it to
     * {@code relative}. If the artifact already exists, {@code writer} is not called (a redelivered message does not
     * redo the work).
     */
    public StoredArtifact putDirectory(String relative, Consumer<Path> writer) {
        Path target = resolve(uri(relative));
        if (Files.exists(target)) {
            return describe(uri(relative));
        }
        Path tmp = tmp();
        try {
            writer.accept(tmp);
            return publish(tmp, target, relative);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot store " + relative, e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /**
     * Writes a small mutable file (e.g. a registry entry), replacing any previous version atomically: readers see the
     * old or the new content, never a mix.
     */
    public StoredArtifact replaceBytes(String relative, byte[] content) {
        Path target = resolve(uri(relative));
        Path tmp = tmp();
        try {
            Files.write(tmp, content);
            Files.createDirectories(target.getParent());
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return describe(uri(relative));
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot store " + relative, e);
        }
    }

    /** Deletes an artifact or a directory of artifacts (e.g. a crashed stage's partial outputs). */
    public void delete(String relative) {
        Path p = resolve(uri(relative));
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            deleteQuietly(p);
        }
    }

    private StoredArtifact publish(Path tmp, Path target, String relative) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
            deleteQuietly(tmp); // another worker published the same artifact first
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the store root must support atomic renames", e);
        }
        return describe(uri(relative));
    }

    private Path tmp() {
        return root.resolve(TMP_DIR).resolve(UUID.randomUUID().toString());
    }

    /** Content hash: a file's sha256, or a checkpoint directory's manifest sha256. */
    static String hash(Path p) {
        try {
            if (Files.isDirectory(p)) {
                Path manifest = p.resolve(Checkpoints.MANIFEST);
                if (!Files.isRegularFile(manifest)) {
                    throw new ArtifactException("directory artifact without " + Checkpoints.MANIFEST + ": " + p);
                }
                return sha256(manifest);
            }
            return sha256(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static long size(Path p) {
        try (Stream<Path> files = Files.isDirectory(p) ? Files.walk(p) : Stream.of(p)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: leftovers sit in .tmp, never under an artifact name
        }
    }
}
