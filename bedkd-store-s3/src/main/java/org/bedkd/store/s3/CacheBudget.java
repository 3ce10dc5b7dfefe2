package org.bedkd.store.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.bedkd.store.ArtifactFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the S3 store's local cache ({@code <cache>/<sha256>/...}) under a byte budget, least recently used first: a
 * pod's cache is an emptyDir with a size limit, and the kubelet evicts a pod that outgrows it. An entry's last use is
 * its directory's modification time, set on every hit. Entries used within the grace period stay whatever the budget
 * (a caller may be about to open the path it was given); an entry goes by an atomic rename out of the cache first, so
 * a reader sees it whole or not at all, and open files stay readable until closed.
 */
final class CacheBudget {

    static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(CacheBudget.class);

    private final Path cache;
    private final String tmpName;
    private final long maxBytes;
    private final Duration grace;

    CacheBudget(Path cache, String tmpName, long maxBytes, Duration grace) {
        this.cache = cache;
        this.tmpName = tmpName;
        this.maxBytes = maxBytes;
        this.grace = grace;
    }

    /** A cache hit: the entry becomes the most recently used. */
    void used(Path entry) {
        try {
            Files.setLastModifiedTime(entry, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // gone meanwhile (evicted by another pod sharing the cache): the caller's next read downloads it again
        }
    }

    /** A new entry: marks it used, then evicts older entries while the cache is over budget. */
    synchronized void added(Path entry) {
        used(entry);
        List<Entry> entries = entries();
        long total = entries.stream().mapToLong(Entry::bytes).sum();
        if (total <= maxBytes) {
            return;
        }
        Instant keepAfter = Instant.now().minus(grace);
        for (Entry e : entries.stream().sorted(Comparator.comparing(Entry::lastUsed)).toList()) {
            if (total <= maxBytes) {
                return;
            }
            if (e.path().equals(entry) || e.lastUsed().isAfter(keepAfter)) {
                continue;
            }
            if (evict(e.path())) {
                total -= e.bytes();
            }
        }
        if (total > maxBytes) {
            LOG.warn("the artifact cache {} holds {} bytes, over its budget of {}, but every entry was used in the"
                    + " last {}; raise BEDKD_STORE_S3_CACHE_MAX_BYTES (and the volume) if this persists", cache, total,
                    maxBytes, grace);
        }
    }

    private boolean evict(Path entry) {
        Path gone = cache.resolve(tmpName).resolve("evicted-" + UUID.randomUUID());
        try {
            Files.move(entry, gone, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            return false; // taken by another evictor
        }
        ArtifactFiles.deleteQuietly(gone);
        return true;
    }

    private record Entry(Path path, long bytes, Instant lastUsed) {
    }

    private List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(cache)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                if (d.getFileName().toString().equals(tmpName) || !Files.isDirectory(d)) {
                    continue;
                }
                try {
                    out.add(new Entry(d, ArtifactFiles.size(d), Files.getLastModifiedTime(d).toInstant()));
                } catch (IOException | UncheckedIOException e) {
                    // evicted meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the artifact cache " + cache, e);
        }
        return out;
    }
}
