package org.bedkd.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {

    @TempDir
    Path dir;

    @Test
    void referencesAreConfinedToTheRoot() throws Exception {
        ArtifactStore store = new ArtifactStore(dir.resolve("root"));
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
    void filesAreImmutableHashedAndVerified() {
        ArtifactStore store = new ArtifactStore(dir);
        StoredArtifact a = store.putBytes("data/x.csv", "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(a.uri()).isEqualTo("store:data/x.csv");
        assertThat(a.sha256()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(a.bytes()).isEqualTo(5);
        // A second put keeps the first content (a redelivered message does not overwrite).
        assertThat(store.putBytes("data/x.csv", "other".getBytes(StandardCharsets.UTF_8))).isEqualTo(a);
        assertThat(store.verify(a.uri(), a.sha256())).isEqualTo(store.root().resolve("data/x.csv"));
        assertThatThrownBy(() -> store.verify(a.uri(), "0".repeat(64))).hasMessageContaining("sha256 mismatch");
        assertThatThrownBy(() -> store.describe("store:data/none")).hasMessageContaining("no artifact at");
    }

    @Test
    void directoryWritesAreAtomicAndNotRepeated() throws Exception {
        ArtifactStore store = new ArtifactStore(dir);
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
        AtomicInteger writes = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            store.putDirectory("models/m", d -> {
                writes.incrementAndGet();
                try {
                    Files.createDirectories(d);
                    Files.writeString(d.resolve("manifest.json"), "{\"v\": 1}");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        assertThat(writes.get()).isEqualTo(1);
        assertThat(store.describe("store:models/m").sha256()).hasSize(64);
        store.replaceBytes("registry/active.json", "a".getBytes(StandardCharsets.UTF_8));
        store.replaceBytes("registry/active.json", "b".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(store.root().resolve("registry/active.json"))).isEqualTo("b");
        store.delete("models/m");
        assertThat(store.exists("store:models/m")).isFalse();
    }
}
