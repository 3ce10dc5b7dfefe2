package org.bedkd.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileArtifactStoreTest {

    @TempDir
    Path dir;

    @Test
    void referencesAreConfinedToTheRoot() throws Exception {
        FileArtifactStore store = new FileArtifactStore(dir.resolve("root"));
        Files.writeString(dir.resolve("secret.txt"), "outside");
        for (String bad : new String[] {"store:../secret.txt", "store:a/../../secret.txt", "store:/etc/passwd",
            "file:/etc/passwd", "/etc/passwd", "store:", "store:a//b", "store:.tmp/x", "store:a\\..\\b"}) {
            assertThatThrownBy(() -> store.resolve(bad)).as(bad).isInstanceOf(ArtifactException.class);
        }
        Files.createSymbolicLink(store.root().resolve("link"), dir);
        assertThatThrownBy(() -> store.resolve("store:link/secret.txt")).hasMessageContaining("symbolic link");
        assertThat(store.resolve("store:a/b.csv")).isEqualTo(store.root().resolve("a/b.csv"));
    }

    @Test
    void filesAreImmutableHashedAndVerified() throws Exception {
        FileArtifactStore store = new FileArtifactStore(dir);
        StoredArtifact a = store.putBytes("data/x.csv", "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(a.uri()).isEqualTo("store:data/x.csv");
        assertThat(a.sha256()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(a.bytes()).isEqualTo(5);
        // The same content again is fine (a redelivered message may repeat a write); other content is a conflict.
        assertThat(store.putBytes("data/x.csv", "hello".getBytes(StandardCharsets.UTF_8))).isEqualTo(a);
        assertThatThrownBy(() -> store.putBytes("data/x.csv", "other".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ArtifactConflictException.class).hasMessageContaining("exists with different content");
        assertThat(Files.readString(store.root().resolve("data/x.csv"))).isEqualTo("hello");
        // Permission bits, not Files.isWritable: as root everything is writable.
        assertThat(Files.getPosixFilePermissions(store.root().resolve("data/x.csv"))).as("stored files are read-only")
                .doesNotContain(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
                        java.nio.file.attribute.PosixFilePermission.GROUP_WRITE,
                        java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
        assertThat(store.verify(a.uri(), a.sha256())).isEqualTo(store.root().resolve("data/x.csv"));
        assertThatThrownBy(() -> store.verify(a.uri(), "0".repeat(64))).hasMessageContaining("sha256 mismatch");
        assertThatThrownBy(() -> store.describe("store:data/none")).hasMessageContaining("no artifact at");
    }

    @Test
    void directoryWritesAreAtomicAndNotRepeated() throws Exception {
        FileArtifactStore store = new FileArtifactStore(dir);
        assertThatThrownBy(() -> store.putDirectory("models/m", d -> {
            try {
                Files.createDirectories(d);
                Files.writeString(d.resolve("manifest.json"), "{}");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            throw new IllegalStateException("crash mid-write");
        })).hasMessageContaining("crash mid-write");
        assertThat(store.exists("store:models/m")).isFalse();
        StoredArtifact first = store.putDirectory("models/m", manifest("{\"v\": 1}"));
        assertThat(store.putDirectory("models/m", manifest("{\"v\": 1}"))).isEqualTo(first);
        assertThatThrownBy(() -> store.putDirectory("models/m", manifest("{\"v\": 2}")))
                .isInstanceOf(ArtifactConflictException.class);
        assertThat(store.describe("store:models/m")).isEqualTo(first);
        // A directory that is not an artifact (no manifest) never gets a name.
        assertThatThrownBy(() -> store.putDirectory("models/n", d -> {
            try {
                Files.createDirectories(d);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })).hasMessageContaining("without manifest.json");
        assertThat(store.exists("store:models/n")).isFalse();
        store.replaceBytes("registry/active.json", "a".getBytes(StandardCharsets.UTF_8));
        store.replaceBytes("registry/active.json", "b".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(store.root().resolve("registry/active.json"))).isEqualTo("b");
        store.delete("models/m");
        assertThat(store.exists("store:models/m")).isFalse();
    }

    private static java.util.function.Consumer<Path> manifest(String json) {
        return d -> {
            try {
                Files.createDirectories(d);
                Files.writeString(d.resolve("manifest.json"), json);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    @Test
    void ofRacingWritersExactlyOneTakesAName() throws Exception {
        FileArtifactStore store = new FileArtifactStore(dir);
        int n = 16;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        var start = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger created = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        List<java.util.concurrent.Future<?>> all = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            all.add(pool.submit(() -> {
                start.await();
                if (store.createIfAbsent("jobs/j/claim.json", ("writer " + id).getBytes(StandardCharsets.UTF_8))
                        .isEmpty()) {
                    created.incrementAndGet();
                }
                try {
                    store.putDirectory("jobs/j/model", manifest("{\"writer\": " + id + "}"));
                } catch (ArtifactConflictException e) {
                    conflicts.incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (var f : all) {
            f.get();
        }
        pool.shutdown();
        assertThat(created.get()).isEqualTo(1);
        assertThat(conflicts.get()).as("every directory writer but one").isEqualTo(n - 1);
        assertThat(Files.readString(store.root().resolve("jobs/j/claim.json"))).startsWith("writer ");
        try (var tmp = Files.list(store.root().resolve(".tmp"))) {
            assertThat(tmp).as("losers leave no temporaries").isEmpty();
        }
    }

    @Test
    void zipsAreBoundedAndRefusedZipsLeaveNothing() throws Exception {
        FileArtifactStore store = new FileArtifactStore(dir);
        var limits = new ArtifactStore.UnzipLimits(3, 10_000, 50);
        assertThatThrownBy(() -> store.commitZip(upload(store, Map.of("a", 100_000)), "uploads/bomb", limits))
                .hasMessageContaining("inflates to more than");
        assertThatThrownBy(() -> store.commitZip(upload(store, Map.of("manifest.json", 10, "a", 10, "b", 10, "c", 10)),
                "uploads/many", limits)).hasMessageContaining("more than 3 files");
        assertThatThrownBy(() -> store.commitZip(upload(store, Map.of("a", 10)), "uploads/nomanifest", limits))
                .hasMessageContaining("without manifest.json");
        for (String p : new String[] {"bomb", "many", "nomanifest"}) {
            assertThat(Files.exists(store.root().resolve("uploads/" + p))).as(p).isFalse();
        }
        try (var tmp = Files.list(store.root().resolve(".tmp"))) {
            assertThat(tmp).isEmpty();
        }
        StoredArtifact ok = store.commitZip(upload(store, Map.of("manifest.json", 10, "w", 500)), "uploads/ok", limits);
        assertThat(ok.bytes()).isEqualTo(510);
        // Another checkpoint at the same path: 409, never "200 with the old hash".
        assertThatThrownBy(() -> store.commitZip(upload(store, Map.of("manifest.json", 11)), "uploads/ok", limits))
                .isInstanceOf(ArtifactConflictException.class);
    }

    @Test
    void staleTemporariesOfCrashedWritersAreSwept() throws Exception {
        FileArtifactStore store = new FileArtifactStore(dir);
        Path old = Files.writeString(store.root().resolve(".tmp/crashed-upload"), "partial");
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(java.time.Instant.now()
                .minus(FileArtifactStore.STALE_TMP).minusSeconds(60)));
        Path live = Files.writeString(store.root().resolve(".tmp/live-upload"), "in progress");
        store.receive(new java.io.ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)), 10);
        assertThat(old).doesNotExist();
        assertThat(live).exists();
    }

    /** A received zip whose entries hold that many bytes of one letter each. */
    private static ArtifactStore.Upload upload(ArtifactStore store, Map<String, Integer> entries) throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var z = new java.util.zip.ZipOutputStream(bytes)) {
            for (var e : new java.util.TreeMap<>(entries).entrySet()) {
                z.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                z.write("x".repeat(e.getValue()).getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return store.receive(new java.io.ByteArrayInputStream(bytes.toByteArray()), 1 << 20);
    }
}
