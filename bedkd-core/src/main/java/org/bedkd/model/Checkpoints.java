package org.bedkd.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bedkd.data.LabelSchema;

/**
 * Saves and loads classifiers as a directory: {@code manifest.json} (format, configuration, label schema, metadata,
 * and the sha256 of every file), {@code weights.params} (DJL parameter file) and {@code tokenizer.json}. Loading
 * verifies every hash, so a corrupt or mismatched checkpoint fails with a message instead of a wrong model.
 */
public final class Checkpoints {

    public static final String FORMAT = "bedkd-checkpoint";
    public static final int FORMAT_VERSION = 1;
    public static final String MANIFEST = "manifest.json";
    public static final String WEIGHTS = "weights.params";
    public static final String TOKENIZER = "tokenizer.json";
    /**
     * Name prefix of the side files of an imported Hugging Face model ({@code hf.config.json}, ...): flat, so the
     * checkpoint stays a directory of plain files that zips and unzips as one.
     */
    public static final String HF_PREFIX = "hf.";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Checkpoints() {
    }

    /** What {@code manifest.json} holds. */
    public record Manifest(String format, int formatVersion, String name, ClassifierConfig config, LabelSchema labels,
            Map<String, FileEntry> files, Map<String, String> metadata, String createdAt) {
    }

    /** A file of the checkpoint with its content hash. */
    public record FileEntry(String sha256, long bytes) {
    }

    /**
     * Writes {@code classifier} to {@code dir} (created if needed; must be empty or absent). The manifest is written
     * last, so a directory without one is an incomplete checkpoint.
     *
     * @return the manifest written
     */
    public static Manifest save(TextClassifier classifier, Path dir, Map<String, String> metadata) {
        try {
            Files.createDirectories(dir);
            try (var existing = Files.list(dir)) {
                if (existing.findAny().isPresent()) {
                    throw new CheckpointException("checkpoint directory is not empty: " + dir);
                }
            }
            Path weights = dir.resolve(WEIGHTS);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(weights),
                    1 << 20))) {
                classifier.block().saveParameters(out);
            }
            Files.write(dir.resolve(TOKENIZER), classifier.tokenizer().json());
            Map<String, FileEntry> files = new LinkedHashMap<>();
            files.put(WEIGHTS, entry(weights));
            files.put(TOKENIZER, entry(dir.resolve(TOKENIZER)));
            // The Hugging Face directory's own files ride along, so a purified model exports as the suspect's config.
            for (Map.Entry<String, byte[]> f : classifier.hfFiles().entrySet()) {
                Path side = dir.resolve(HF_PREFIX + f.getKey());
                Files.write(side, f.getValue());
                files.put(HF_PREFIX + f.getKey(), entry(side));
            }
            Manifest manifest = new Manifest(FORMAT, FORMAT_VERSION, classifier.name(), classifier.config(),
                    classifier.schema(), files, Map.copyOf(metadata), Instant.now().toString());
            Path tmp = dir.resolve(MANIFEST + ".tmp");
            JSON.writeValue(tmp.toFile(), manifest);
            Files.move(tmp, dir.resolve(MANIFEST), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save checkpoint to " + dir, e);
        }
    }

    /** Reads and checks a checkpoint's manifest without loading weights. */
    public static Manifest readManifest(Path dir) {
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException("no checkpoint at " + dir + " (not a directory)");
        }
        if (!Files.isRegularFile(manifestFile)) {
            throw new CheckpointException("no " + MANIFEST + " in " + dir + " (not a checkpoint, or an incomplete one)");
        }
        Manifest m;
        try {
            m = JSON.readValue(manifestFile.toFile(), Manifest.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new CheckpointException("corrupt manifest " + manifestFile + ": " + e.getMessage(), e);
        }
        if (!FORMAT.equals(m.format()) || m.formatVersion() != FORMAT_VERSION) {
            throw new CheckpointException(dir + " is format " + m.format() + " v" + m.formatVersion() + "; expected "
                    + FORMAT + " v" + FORMAT_VERSION);
        }
        if (m.config() == null || m.labels() == null || m.files() == null) {
            throw new CheckpointException("manifest " + manifestFile + " lacks config, labels or files");
        }
        return m;
    }

    /** Loads a checkpoint after verifying every file's hash against the manifest. */
    public static TextClassifier load(Path dir) {
        Manifest m = readManifest(dir);
        List<String> hfFiles = m.files().keySet().stream().filter(f -> f.startsWith(HF_PREFIX)).toList();
        List<String> toVerify = new java.util.ArrayList<>(List.of(WEIGHTS, TOKENIZER));
        toVerify.addAll(hfFiles);
        for (String file : toVerify) {
            if (file.startsWith(HF_PREFIX) && !file.substring(HF_PREFIX.length()).matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
                throw new CheckpointException("manifest of " + dir + " lists an invalid file name: " + file);
            }
            FileEntry expected = m.files().get(file);
            if (expected == null) {
                throw new CheckpointException("manifest of " + dir + " does not list " + file);
            }
            FileEntry actual;
            try {
                actual = entry(dir.resolve(file));
            } catch (NoSuchFileException e) {
                throw new CheckpointException("checkpoint " + dir + " is missing " + file);
            } catch (IOException e) {
                throw new CheckpointException("cannot read " + dir.resolve(file) + ": " + e.getMessage(), e);
            }
            if (!expected.sha256().equals(actual.sha256())) {
                throw new CheckpointException("checkpoint " + dir + " is corrupt: sha256 of " + file + " is "
                        + actual.sha256() + ", manifest says " + expected.sha256());
            }
        }
        TextTokenizer tokenizer;
        try {
            tokenizer = TextTokenizer.fromJson(Files.readAllBytes(dir.resolve(TOKENIZER)), m.config().maxSequenceLength());
        } catch (IOException e) {
            throw new CheckpointException("cannot read tokenizer of " + dir, e);
        }
        TextClassifier c = new TextClassifier(m.name(), m.config(), tokenizer, m.labels(), false);
        Map<String, byte[]> side = new LinkedHashMap<>();
        for (String f : hfFiles) {
            try {
                side.put(f.substring(HF_PREFIX.length()), Files.readAllBytes(dir.resolve(f)));
            } catch (IOException e) {
                c.close();
                throw new CheckpointException("cannot read " + dir.resolve(f), e);
            }
        }
        c.withHfFiles(side);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(WEIGHTS)),
                1 << 20))) {
            c.block().loadParameters(c.model().getNDManager(), in);
            c.block().initialize(c.model().getNDManager(), DataType.FLOAT32, c.block().inputShapes());
        } catch (IOException | MalformedModelException | RuntimeException e) {
            c.close();
            throw new CheckpointException("weights of " + dir + " do not fit its configuration: " + e.getMessage(), e);
        }
        return c;
    }

    /** The sha256 of a checkpoint's manifest: one content hash for the whole model (files are hashed inside it). */
    public static String contentHash(Path dir) {
        try {
            return entry(dir.resolve(MANIFEST)).sha256();
        } catch (IOException e) {
            throw new CheckpointException("cannot hash checkpoint " + dir, e);
        }
    }

    /**
     * One hash for a directory that has no manifest: the sha256 of its sorted {@code "relative/path sha256"} lines,
     * every regular file included, so a changed, added or removed file changes it. Symbolic links are refused.
     */
    public static String treeHash(Path dir) {
        StringBuilder lines = new StringBuilder();
        try (var walk = Files.walk(dir)) {
            for (Path f : walk.filter(x -> !Files.isDirectory(x, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted()
                    .toList()) {
                if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new CheckpointException("not a regular file (links are refused): " + f);
                }
                lines.append(dir.relativize(f).toString().replace('\\', '/')).append(' ').append(entry(f).sha256())
                        .append('\n');
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot hash " + dir + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(sha256().digest(lines.toString().getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** sha256 and size of a file. */
    public static FileEntry entry(Path file) throws IOException {
        MessageDigest digest = sha256();
        long bytes = 0;
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                bytes += n;
            }
        }
        return new FileEntry(HexFormat.of().formatHex(digest.digest()), bytes);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
