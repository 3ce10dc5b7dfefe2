package org.bedkd.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.hf.HfImport;
import org.bedkd.model.hf.ModelFormats;

/** File work every store shares: content hashes, bounded unzipping, sizes, best-effort deletion. */
public final class ArtifactFiles {

    private ArtifactFiles() {
    }

    /**
     * The path a {@code store:} URI names, relative to the store: refused when absolute, empty, with {@code .},
     * {@code ..} or empty segments, backslashes or NULs, so no reference can leave the store.
     *
     * @throws ArtifactException naming what is wrong
     */
    public static String relativePath(String uri) {
        if (uri == null || !uri.startsWith(ArtifactStore.SCHEME)) {
            throw new ArtifactException("artifact URI must start with '" + ArtifactStore.SCHEME + "': " + uri);
        }
        String relative = uri.substring(ArtifactStore.SCHEME.length());
        if (relative.isEmpty() || relative.startsWith("/") || relative.contains("\\") || relative.contains("\0")) {
            throw new ArtifactException("artifact path must be relative to the store root: " + uri);
        }
        for (String part : relative.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new ArtifactException("artifact path may not contain '" + part + "' segments: " + uri);
            }
        }
        return relative;
    }

    /**
     * Content hash: a file's sha256; a checkpoint directory's manifest sha256 (the manifest hashes every file); a
     * Hugging Face model directory's tree hash (every file's path and sha256). Any other directory is not an artifact.
     */
    public static String hash(Path p) {
        try {
            if (Files.isDirectory(p)) {
                if (!Files.isRegularFile(p.resolve(Checkpoints.MANIFEST)) && !HfImport.isHfDirectory(p)) {
                    throw new ArtifactException("directory artifact without " + Checkpoints.MANIFEST + " (a bedkd "
                            + "checkpoint) or config.json + model.safetensors (a Hugging Face model): " + p);
                }
                return ModelFormats.contentHash(p);
            }
            return sha256(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(byte[] content) {
        return HexFormat.of().formatHex(digest().digest(content));
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Streams {@code in} into {@code tmp} (never into memory), hashing it on the way: what every store's upload does.
     *
     * @throws ArtifactException when it exceeds {@code maxBytes} or is empty and that is not allowed (the partial file
     *     is deleted)
     */
    public static ArtifactStore.Upload spool(InputStream in, Path tmp, long maxBytes, boolean allowEmpty) {
        MessageDigest md = digest();
        long n = 0;
        try (var out = Files.newOutputStream(tmp)) {
            byte[] buf = new byte[1 << 16];
            for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
                n += r;
                if (n > maxBytes) {
                    throw new ArtifactException("upload is larger than " + maxBytes + " bytes");
                }
                md.update(buf, 0, r);
                out.write(buf, 0, r);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e instanceof ArtifactException ae ? ae : new ArtifactException("upload failed: " + e.getMessage(), e);
        }
        if (n == 0 && !allowEmpty) {
            deleteQuietly(tmp);
            throw new ArtifactException("empty upload");
        }
        return new ArtifactStore.Upload(tmp, HexFormat.of().formatHex(md.digest()), n);
    }

    /** Bytes of a file, or of every file under a directory. */
    public static long size(Path p) {
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

    /**
     * Extracts a zip of plain files into {@code dir} within {@code limits} (for a model given as a zip outside the
     * store, e.g. on the command line).
     */
    public static void extract(Path zip, Path dir, ArtifactStore.UnzipLimits limits) {
        try {
            unzip(zip, Files.size(zip), dir, limits);
        } catch (IOException e) {
            throw new ArtifactException("cannot read " + zip + ": " + e.getMessage(), e);
        }
    }

    /** Extracts plain files only: any entry that is not a bare file name (zip slip, hidden file) is refused. */
    static void unzip(Path zip, long zipBytes, Path dir, ArtifactStore.UnzipLimits limits) {
        int files = 0;
        long total = 0;
        long allowed = (long) Math.min(limits.maxBytes(), Math.max(1, zipBytes) * limits.maxRatio());
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
            Files.createDirectories(dir);
            byte[] buf = new byte[1 << 16];
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.isDirectory()) {
                    continue;
                }
                String name = e.getName();
                if (name.contains("/") || name.contains("\\") || name.startsWith(".") || name.isBlank()) {
                    throw new ArtifactException("zip entry '" + name + "' is not a plain file name");
                }
                if (++files > limits.maxEntries()) {
                    throw new ArtifactException("the zip has more than " + limits.maxEntries() + " files");
                }
                try (var out = Files.newOutputStream(dir.resolve(name), java.nio.file.StandardOpenOption.CREATE_NEW)) {
                    for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
                        total += r;
                        if (total > allowed) {
                            throw new ArtifactException("the zip inflates to more than " + allowed + " bytes (limits: "
                                    + limits.maxBytes() + " bytes, " + limits.maxRatio() + " times the zip's size)");
                        }
                        out.write(buf, 0, r);
                    }
                }
            }
        } catch (FileAlreadyExistsException e) {
            throw new ArtifactException("the zip has two entries named '" + e.getFile() + "'", e);
        } catch (IOException e) {
            throw new ArtifactException("not a readable zip: " + e.getMessage(), e);
        }
        if (files == 0) {
            throw new ArtifactException("the zip contains no files");
        }
    }

    /** Deletes a file or a directory tree, best effort (temporaries; also the CLI's extracted zips). */
    public static void deleteQuietly(Path p) {
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: leftovers sit in .tmp, never under an artifact name
        }
    }
}
