package org.bedkd.store.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bedkd.store.ArtifactConflictException;
import org.bedkd.store.ArtifactException;
import org.bedkd.store.ArtifactFiles;
import org.bedkd.store.ArtifactStore;
import org.bedkd.store.StoredArtifact;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The artifact store on an S3-compatible object store, for clusters without a ReadWriteMany volume. Layout under
 * {@code s3://<bucket>/<prefix>}: a file artifact is one object (its sha256 in the object's metadata); a directory
 * artifact (a checkpoint, a Hugging Face model) is one object per file under {@code <path>/}, published by a marker
 * object {@code <path>/.bedkd-artifact.json} (content hash, size, every file's sha256) written last: readers see an
 * artifact only once its marker exists, so never half of one. Every write is conditional ({@code If-None-Match: *}),
 * so a name is taken once and a second write of other content is an {@link ArtifactConflictException}, also between
 * pods: no exists-then-put. Large files go up in parts; reads stream into a local cache keyed by sha256, so a pod
 * downloads a model once and every use is checked against its claim.
 *
 * <p>{@code s3://bucket/key} references (a user's model or data in their own bucket) are read, never written; a key
 * that is a folder of objects (a Hugging Face {@code save_pretrained} directory) is read as a directory.
 */
public final class S3ArtifactStore implements ArtifactStore {

    /** The most a user's {@code s3://} reference may hold, as a zipped upload may inflate to (UnzipLimits). */
    static final long USER_MAX_BYTES = 4L << 30;
    static final int USER_MAX_FILES = 64;

    static final String MARKER = ".bedkd-artifact.json";
    static final String SHA_METADATA = "bedkd-sha256";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TMP = ".tmp";

    private final S3Client s3;
    private final S3StoreSettings settings;
    private final Path cache;
    private final CacheBudget budget;

    /**
     * @param s3 the client (its endpoint, region and credentials are the caller's: {@link S3StoreSettings#client()})
     * @param settings bucket, prefix, cache directory, part size
     */
    public S3ArtifactStore(S3Client s3, S3StoreSettings settings) {
        this(s3, settings, CacheBudget.DEFAULT_GRACE);
    }

    /** @param evictionGrace how long a cache entry stays after its last use, whatever the budget (a reader may hold it) */
    S3ArtifactStore(S3Client s3, S3StoreSettings settings, java.time.Duration evictionGrace) {
        this.s3 = s3;
        this.settings = settings;
        try {
            this.cache = Files.createDirectories(settings.cacheDir()).toRealPath();
            Files.createDirectories(cache.resolve(TMP));
            this.budget = new CacheBudget(cache, TMP, settings.cacheMaxBytes(), evictionGrace);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the cache directory " + settings.cacheDir(), e);
        }
    }

    /** A store with a client built from {@code settings} (default credential chain: env, web identity, profile). */
    public static S3ArtifactStore create(S3StoreSettings settings) {
        return new S3ArtifactStore(settings.client(), settings);
    }

    /**
     * Refuses a server that ignores {@code If-None-Match: *} (S3Proxy before 3.0 did): on it a second write would
     * silently replace an artifact, and nothing of what this store promises would hold. Writes a probe object twice.
     *
     * @return this store
     * @throws IllegalStateException naming the server, when the second write is not refused
     */
    public S3ArtifactStore requireConditionalWrites() {
        String key = settings.prefix() + ".bedkd-probe/" + UUID.randomUUID();
        try {
            s3.putObject(b -> b.bucket(settings.bucket()).key(key).ifNoneMatch("*"), RequestBody.fromString("1"));
            try {
                s3.putObject(b -> b.bucket(settings.bucket()).key(key).ifNoneMatch("*"), RequestBody.fromString("2"));
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    return this;
                }
                throw failure("probe", location(), e);
            }
            throw new IllegalStateException("the S3 server behind " + location() + " ignores 'If-None-Match: *' on"
                    + " PUT, so stored artifacts could be overwritten; use a server with conditional writes (AWS S3,"
                    + " MinIO, Cloudflare R2, Google Cloud Storage, S3Proxy 3.0 or later)");
        } catch (S3Exception e) {
            throw failure("probe", location(), e);
        } finally {
            try {
                s3.deleteObject(b -> b.bucket(settings.bucket()).key(key));
            } catch (RuntimeException ignored) {
                // best effort: a leftover probe is one tiny object under .bedkd-probe/
            }
        }
    }

    @Override
    public String location() {
        return "s3://" + settings.bucket() + "/" + settings.prefix();
    }

    /** Where a reference points: a bucket and key, and whether it is inside this store (writable by the stages). */
    record Target(String bucket, String key, String uri, boolean own) {
    }

    Target target(String uri) {
        if (uri != null && uri.startsWith("s3://")) {
            String rest = uri.substring("s3://".length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                throw new ArtifactException("an s3:// reference names a bucket and a key: " + uri);
            }
            String key = rest.substring(slash + 1);
            if (key.endsWith("/")) {
                key = key.substring(0, key.length() - 1);
            }
            for (String part : key.split("/", -1)) {
                if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                    throw new ArtifactException("s3 key may not contain '" + part + "' segments: " + uri);
                }
            }
            String bucket = rest.substring(0, slash);
            if (!settings.readsUserBucket(bucket)) {
                throw new ArtifactException("this installation does not read s3://" + bucket + "/: a job's s3://"
                        + " references may name only the buckets in bedkd.store.s3.user-buckets"
                        + " (BEDKD_STORE_S3_USER_BUCKETS), " + (settings.userBuckets().isEmpty() ? "which is empty"
                        : "which lists " + String.join(", ", new java.util.TreeSet<>(settings.userBuckets())))
                        + "; or upload the file through the API");
            }
            return new Target(bucket, key, uri, false);
        }
        return new Target(settings.bucket(), settings.prefix() + ArtifactFiles.relativePath(uri), uri, true);
    }

    private Target own(String relative) {
        return target(ArtifactStore.uri(relative));
    }

    @Override
    public boolean exists(String uri) {
        Target t = target(uri);
        return head(t.bucket(), t.key()).isPresent() || head(t.bucket(), t.key() + "/" + MARKER).isPresent()
                || !t.own() && !list(t.bucket(), t.key() + "/").isEmpty();
    }

    @Override
    public StoredArtifact describe(String uri) {
        Target t = target(uri);
        Optional<HeadObjectResponse> file = head(t.bucket(), t.key());
        if (file.isPresent()) {
            String sha = file.get().metadata().get(SHA_METADATA);
            return sha != null ? new StoredArtifact(uri, sha, file.get().contentLength())
                    : describeLocal(uri, download(t, null)); // a user's object: hashed once, then cached
        }
        Optional<Marker> marker = marker(t);
        if (marker.isPresent()) {
            return new StoredArtifact(uri, marker.get().sha256(), marker.get().bytes());
        }
        if (!t.own() && !list(t.bucket(), t.key() + "/").isEmpty()) {
            return describeLocal(uri, download(t, null));
        }
        throw new ArtifactException("no artifact at " + uri);
    }

    private static StoredArtifact describeLocal(String uri, Path local) {
        return new StoredArtifact(uri, ArtifactFiles.hash(local), ArtifactFiles.size(local));
    }

    /**
     * Checks the claim against what the store recorded at write time (object metadata, directory marker), then
     * returns the cached content, downloading it once per content hash and hashing what arrives: a user's object
     * without a record is checked on download only.
     */
    @Override
    public Path verify(String uri, String sha256) {
        Target t = target(uri);
        if (sha256 == null) {
            throw new ArtifactException("sha256 mismatch for " + uri + ": no sha256 claimed");
        }
        Optional<String> recorded = recordedSha(t);
        if (recorded.isPresent() && !recorded.get().equalsIgnoreCase(sha256)) {
            throw new ArtifactException("sha256 mismatch for " + uri + ": expected " + sha256 + ", found "
                    + recorded.get());
        }
        if (recorded.isEmpty() && !exists(uri)) {
            throw new ArtifactException("no artifact at " + uri);
        }
        return download(t, sha256.toLowerCase());
    }

    @Override
    public Path local(String uri) {
        return verify(uri, describe(uri).sha256());
    }

    @Override
    public Optional<byte[]> read(String uri) {
        Target t = target(uri);
        return get(t.bucket(), t.key());
    }

    /** The sha256 this store recorded when it wrote the artifact; empty for objects it did not write. */
    private Optional<String> recordedSha(Target t) {
        Optional<HeadObjectResponse> file = head(t.bucket(), t.key());
        if (file.isPresent()) {
            return Optional.ofNullable(file.get().metadata().get(SHA_METADATA));
        }
        return marker(t).map(Marker::sha256);
    }

    // ---- writes (own store only) ----

    @Override
    public StoredArtifact putFile(String relative, InputStream content) {
        own(relative);
        return commit(spool(content, Long.MAX_VALUE, true), relative);
    }

    @Override
    public Optional<byte[]> createIfAbsent(String relative, byte[] content) {
        Target t = own(relative);
        String sha = ArtifactFiles.sha256(content);
        try {
            s3.putObject(b -> b.bucket(t.bucket()).key(t.key()).ifNoneMatch("*").metadata(Map.of(SHA_METADATA, sha)),
                    RequestBody.fromBytes(content));
            return Optional.empty();
        } catch (S3Exception e) {
            if (!taken(e)) {
                throw failure("store", t.uri(), e);
            }
            return Optional.of(read(t.uri()).orElseThrow(() -> new ArtifactException(t.uri() + " was taken and then "
                    + "removed while being created")));
        } catch (SdkClientException e) {
            // brokenWrite: taken, or written by this very call with its answer lost; the same bytes are this call's
            // (a caller's content carries its own ids), and then the name was created here.
            byte[] there = read(t.uri()).orElseThrow(() -> brokenWrite(t, e));
            return Arrays.equals(there, content) ? Optional.empty() : Optional.of(there);
        }
    }

    @Override
    public StoredArtifact putDirectory(String relative, Consumer<Path> writer) {
        Target t = own(relative);
        Path tmp = tmp();
        try {
            writer.accept(tmp);
            StoredArtifact stored = publishDirectory(t, tmp);
            keepInCache(tmp, stored.sha256(), t);
            return stored;
        } finally {
            ArtifactFiles.deleteQuietly(tmp);
        }
    }

    @Override
    public Upload receive(InputStream in, long maxBytes) {
        return spool(in, maxBytes, false);
    }

    @Override
    public StoredArtifact commit(Upload upload, String relative) {
        Target t = own(relative);
        try {
            if (putIfAbsent(t, upload.file(), upload.sha256(), upload.bytes())) {
                keepInCache(upload.file(), upload.sha256(), t);
                return new StoredArtifact(t.uri(), upload.sha256(), upload.bytes());
            }
            StoredArtifact existing = describe(t.uri());
            if (!existing.sha256().equals(upload.sha256())) {
                throw new ArtifactConflictException(t.uri() + " exists with different content (sha256 "
                        + existing.sha256() + ")");
            }
            return existing;
        } finally {
            ArtifactFiles.deleteQuietly(upload.file());
        }
    }

    @Override
    public StoredArtifact commitZip(Upload upload, String relative, UnzipLimits limits) {
        try {
            return putDirectory(relative, dir -> ArtifactFiles.extract(upload.file(), dir, limits));
        } finally {
            ArtifactFiles.deleteQuietly(upload.file());
        }
    }

    @Override
    public StoredArtifact replaceBytes(String relative, byte[] content) {
        Target t = own(relative);
        String sha = ArtifactFiles.sha256(content);
        try {
            // A PUT replaces an object atomically: readers get the old or the new version.
            s3.putObject(b -> b.bucket(t.bucket()).key(t.key()).metadata(Map.of(SHA_METADATA, sha)),
                    RequestBody.fromBytes(content));
        } catch (S3Exception e) {
            throw failure("store", t.uri(), e);
        }
        return new StoredArtifact(t.uri(), sha, content.length);
    }

    @Override
    public void delete(String relative) {
        Target t = own(relative);
        List<String> keys = new ArrayList<>();
        head(t.bucket(), t.key()).ifPresent(h -> keys.add(t.key()));
        list(t.bucket(), t.key() + "/").forEach(o -> keys.add(o.key()));
        // The marker first, so the artifact disappears as a whole; one DeleteObject per key, because the batch call
        // needs a content checksum that some S3-compatible servers refuse. Deletes are rare (a crashed stage).
        keys.sort((a, b) -> Boolean.compare(!a.endsWith("/" + MARKER), !b.endsWith("/" + MARKER)));
        for (String k : keys) {
            try {
                s3.deleteObject(b -> b.bucket(t.bucket()).key(k));
            } catch (S3Exception e) {
                throw failure("delete", "s3://" + t.bucket() + "/" + k, e);
            }
        }
    }

    // ---- directories ----

    /** What a directory artifact's marker records. */
    record Marker(String sha256, long bytes, Map<String, String> files) {
    }

    private Optional<Marker> marker(Target t) {
        return get(t.bucket(), t.key() + "/" + MARKER).map(b -> parseMarker(t, b));
    }

    private static Marker parseMarker(Target t, byte[] json) {
        try {
            return JSON.readValue(json, Marker.class);
        } catch (IOException e) {
            throw new ArtifactException("unreadable artifact marker of " + t.uri() + ": " + e.getMessage());
        }
    }

    private StoredArtifact publishDirectory(Target t, Path dir) {
        String sha = ArtifactFiles.hash(dir); // refuses a directory that is no model before anything is written
        Optional<Marker> existing = marker(t);
        if (existing.isPresent()) {
            return sameOrConflict(t, existing.get(), sha);
        }
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = dir.relativize(f).toString().replace('\\', '/');
                String fileSha = ArtifactFiles.sha256(f);
                files.put(name, fileSha);
                Target ft = new Target(t.bucket(), t.key() + "/" + name, t.uri() + "/" + name, true);
                if (!putIfAbsent(ft, f, fileSha, Files.size(f))) {
                    String theirs = head(ft.bucket(), ft.key()).map(h -> h.metadata().get(SHA_METADATA)).orElse(null);
                    if (!fileSha.equals(theirs)) {
                        throw new ArtifactConflictException(t.uri() + " is being written with different content ("
                                + name + ")");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + t.uri(), e);
        }
        Marker m = new Marker(sha, ArtifactFiles.size(dir), files);
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Optional<byte[]> first = createIfAbsent(ArtifactFiles.relativePath(t.uri()) + "/" + MARKER, json);
        if (first.isPresent()) {
            return sameOrConflict(t, parseMarker(t, first.get()), sha);
        }
        return new StoredArtifact(t.uri(), sha, m.bytes());
    }

    private static StoredArtifact sameOrConflict(Target t, Marker existing, String sha) {
        if (!existing.sha256().equals(sha)) {
            throw new ArtifactConflictException(t.uri() + " exists with different content (sha256 " + existing.sha256()
                    + ")");
        }
        return new StoredArtifact(t.uri(), existing.sha256(), existing.bytes());
    }

    /**
     * Write-through: what was just uploaded is already here, hashed, so it goes into the cache slot a download would
     * fill ({@code <cache>/<sha256>/<name>}) instead of being deleted. A reader sharing this cache (this pod; the
     * services of the local stack, or pods sharing a node cache) then reads it without a download. Best effort: the
     * upload stands whatever happens here.
     */
    private void keepInCache(Path content, String sha256, Target t) {
        String name = t.key().substring(t.key().lastIndexOf('/') + 1);
        Path slot = cache.resolve(sha256.toLowerCase());
        if (Files.exists(slot)) {
            return;
        }
        Path tmp = tmp();
        try {
            Files.createDirectories(tmp);
            Files.move(content, tmp.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, slot, StandardCopyOption.ATOMIC_MOVE);
            budget.added(slot);
        } catch (IOException e) {
            // Taken meanwhile (same content) or not movable: the next read downloads it as usual.
        } finally {
            ArtifactFiles.deleteQuietly(tmp);
        }
    }

    // ---- downloads into the cache ----

    /**
     * The artifact's content in the local cache ({@code <cache>/<sha256>/<name>}), downloaded (streamed, never whole
     * in memory) when not there yet and checked against {@code sha256} ({@code null}: whatever it hashes to).
     */
    private Path download(Target t, String sha256) {
        String name = t.key().substring(t.key().lastIndexOf('/') + 1);
        if (sha256 != null) {
            Path cached = cache.resolve(sha256.toLowerCase()).resolve(name);
            if (Files.exists(cached)) {
                budget.used(cached.getParent());
                return cached;
            }
        }
        Path tmp = tmp();
        try {
            Path content = tmp.resolve(name);
            Files.createDirectories(tmp);
            Optional<HeadObjectResponse> object = head(t.bucket(), t.key());
            if (object.isPresent()) {
                if (!t.own() && object.get().contentLength() > USER_MAX_BYTES) {
                    throw new ArtifactException(t.uri() + " holds " + object.get().contentLength() + " bytes; a model"
                            + " or data file read from a user's bucket may hold at most " + USER_MAX_BYTES);
                }
                getTo(t.bucket(), t.key(), content);
            } else {
                String folder = t.key() + "/";
                // A directory this store published is exactly the files its marker lists (a racing writer that lost
                // may have left others beside them); a user's folder is every object under it.
                Optional<Marker> marker = marker(t);
                List<String> files = marker.isPresent() ? List.copyOf(marker.get().files().keySet())
                        : list(t.bucket(), folder).stream().map(o -> o.key().substring(folder.length()))
                                .filter(rel -> !rel.isEmpty() && !rel.endsWith("/") && !rel.equals(MARKER)).toList();
                if (files.isEmpty()) {
                    throw new ArtifactException("no artifact at " + t.uri());
                }
                if (!t.own()) {
                    checkUserFolder(t, folder);
                }
                for (String rel : files) {
                    Path f = content.resolve(rel).normalize();
                    if (!f.startsWith(content) || f.equals(content)) {
                        throw new ArtifactException("object " + folder + rel + " lies outside " + t.uri());
                    }
                    Files.createDirectories(f.getParent());
                    getTo(t.bucket(), folder + rel, f);
                }
            }
            String actual = ArtifactFiles.hash(content);
            if (sha256 != null && !sha256.equalsIgnoreCase(actual)) {
                throw new ArtifactException("sha256 mismatch for " + t.uri() + ": expected " + sha256
                        + ", downloaded content hashes to " + actual);
            }
            Path slot = cache.resolve(actual);
            try {
                Files.move(tmp, slot, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the cache directory must support atomic renames", e);
            } catch (java.nio.file.FileSystemException taken) {
                // ENOTEMPTY / EEXIST: the same content is cached already (an earlier call, another thread): use it
                if (!Files.exists(slot.resolve(name))) {
                    throw taken;
                }
            }
            budget.added(slot);
            return slot.resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + t.uri(), e);
        } finally {
            ArtifactFiles.deleteQuietly(tmp);
        }
    }

    /**
     * A user's folder is read only within the bounds of a zipped upload: at most {@link #USER_MAX_FILES} objects and
     * {@link #USER_MAX_BYTES} in all (a Hugging Face BERT-large directory is about 1.4 GB in 8 files), checked on the
     * listing before anything is downloaded.
     */
    private void checkUserFolder(Target t, String folder) {
        List<S3Object> objects = list(t.bucket(), folder);
        long bytes = objects.stream().mapToLong(o -> o.size() == null ? 0 : o.size()).sum();
        if (objects.size() > USER_MAX_FILES || bytes > USER_MAX_BYTES) {
            throw new ArtifactException(t.uri() + " holds " + objects.size() + " objects, " + bytes + " bytes; a"
                    + " folder read from a user's bucket may hold at most " + USER_MAX_FILES + " objects and "
                    + USER_MAX_BYTES + " bytes");
        }
    }

    private void getTo(String bucket, String key, Path file) {
        try {
            s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toFile(file));
        } catch (S3Exception e) {
            throw failure("download", "s3://" + bucket + "/" + key, e);
        }
    }

    // ---- uploads ----

    private Upload spool(InputStream in, long maxBytes, boolean allowEmpty) {
        return ArtifactFiles.spool(in, tmp(), maxBytes, allowEmpty);
    }

    /**
     * Uploads {@code file} to {@code t} unless something has that name: {@code If-None-Match: *} on the PUT (or on
     * completing a multipart upload, for files over the part size).
     *
     * @return false when the name was taken
     */
    private boolean putIfAbsent(Target t, Path file, String sha, long bytes) {
        Map<String, String> meta = Map.of(SHA_METADATA, sha);
        try {
            if (bytes <= settings.partBytes()) {
                s3.putObject(b -> b.bucket(t.bucket()).key(t.key()).ifNoneMatch("*").metadata(meta),
                        RequestBody.fromFile(file));
                return true;
            }
            return multipart(t, file, bytes, meta);
        } catch (S3Exception e) {
            if (taken(e)) {
                return false;
            }
            throw failure("store", t.uri(), e);
        } catch (SdkClientException e) {
            if (head(t.bucket(), t.key()).isPresent()) {
                return false; // see brokenWrite: the caller compares what the name holds
            }
            throw brokenWrite(t, e);
        }
    }

    /**
     * A conditional write that failed on the client's side. A server may refuse it (412) before it has read the body
     * and close the connection, and the client then sees a broken write instead of the answer (S3Proxy 3.0 does, now
     * and then, on a small PUT to a taken name: "Error writing request body to server"); a write whose answer was lost
     * may also have succeeded. Either way the name's state decides, and the callers read it: this is for when the
     * name is still free.
     */
    private static ArtifactException brokenWrite(Target t, SdkClientException e) {
        return new ArtifactException("cannot store " + t.uri() + ": " + e.getMessage(), e);
    }

    private boolean multipart(Target t, Path file, long bytes, Map<String, String> meta) {
        if (head(t.bucket(), t.key()).isPresent()) {
            return false; // taken: no need to upload gigabytes to be refused (the conditional completion still guards)
        }
        String uploadId = s3.createMultipartUpload(b -> b.bucket(t.bucket()).key(t.key()).metadata(meta)).uploadId();
        try (InputStream in = Files.newInputStream(file)) {
            List<CompletedPart> parts = new ArrayList<>();
            long left = bytes;
            for (int part = 1; left > 0; part++) {
                long size = Math.min(settings.partBytes(), left);
                int number = part;
                byte[] chunk = in.readNBytes((int) size); // one part in memory at a time (the part size, 64 MiB)
                var done = s3.uploadPart(b -> b.bucket(t.bucket()).key(t.key()).uploadId(uploadId).partNumber(number),
                        RequestBody.fromBytes(chunk));
                parts.add(CompletedPart.builder().partNumber(number).eTag(done.eTag()).build());
                left -= size;
            }
            s3.completeMultipartUpload(b -> b.bucket(t.bucket()).key(t.key()).uploadId(uploadId).ifNoneMatch("*")
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
            return true;
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(t.bucket()).key(t.key()).uploadId(uploadId));
            } catch (RuntimeException ignored) {
                // the bucket's lifecycle rule for incomplete uploads cleans up what this cannot
            }
            if (e instanceof S3Exception s3e && taken(s3e)) {
                return false;
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    // ---- S3 plumbing ----

    /** 412: the name is taken; 409: a concurrent conditional write to it is in progress (it will be taken). */
    private static boolean taken(S3Exception e) {
        return e.statusCode() == 412 || e.statusCode() == 409;
    }

    private Optional<byte[]> get(String bucket, String key) {
        return ifFound(bucket, key, () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    }

    private Optional<HeadObjectResponse> head(String bucket, String key) {
        return ifFound(bucket, key, () -> s3.headObject(b -> b.bucket(bucket).key(key)));
    }

    /** The call's result, or empty when the object is not there (S3 says 404, with or without NoSuchKey). */
    private static <T> Optional<T> ifFound(String bucket, String key, java.util.function.Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("read", "s3://" + bucket + "/" + key, e);
        }
    }

    private List<S3Object> list(String bucket, String prefix) {
        try {
            List<S3Object> out = new ArrayList<>();
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().forEach(out::add);
            return out;
        } catch (S3Exception e) {
            throw failure("list", "s3://" + bucket + "/" + prefix, e);
        }
    }

    private static ArtifactException failure(String what, String uri, S3Exception e) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        return new ArtifactException("cannot " + what + " " + uri + ": S3 " + e.statusCode() + " " + code, e);
    }

    private Path tmp() {
        return cache.resolve(TMP).resolve(UUID.randomUUID().toString());
    }
}
