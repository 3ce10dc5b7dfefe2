package org.bedkd.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bedkd.store.ArtifactConflictException;
import org.bedkd.store.ArtifactException;
import org.bedkd.store.ArtifactFiles;
import org.bedkd.store.ArtifactStore;
import org.bedkd.store.FileArtifactStore;
import org.bedkd.store.StoredArtifact;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What every artifact store guarantees, run against both implementations: the filesystem store and the S3 store on a
 * real S3 server (S3Proxy). Each test gets a fresh store (a new directory, a new bucket).
 */
class ArtifactStoreContractTest {

    private static final long PART = 5L << 20;

    @TempDir
    static Path dir;
    static S3Server server;
    static S3Client client;
    private static int buckets;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3Server(dir.resolve("s3"));
        client = server.client(server.settings("unused", dir.resolve("c"), PART));
    }

    @AfterAll
    static void stopServer() throws Exception {
        client.close();
        server.close();
    }

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("filesystem"), Arguments.of("s3"));
    }

    private static ArtifactStore store(String kind) throws Exception {
        int n = ++buckets;
        if (kind.equals("filesystem")) {
            return new FileArtifactStore(dir.resolve("fs-" + n));
        }
        String bucket = "store-" + n;
        client.createBucket(b -> b.bucket(bucket));
        return new S3ArtifactStore(client, server.settings(bucket, dir.resolve("cache-" + n), PART));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Consumer<Path> manifest(String json) {
        return d -> {
            try {
                Files.createDirectories(d.resolve("sub"));
                Files.writeString(d.resolve("manifest.json"), json);
                Files.writeString(d.resolve("sub/weights.bin"), "w" + json);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    @Test
    void aConditionalWriteThatBreaksOnTheClientIsSettledByWhatTheNameHolds() throws Exception {
        // CI saw S3Proxy refuse a second write to a taken name before reading its body; the client got "Error writing
        // request body to server" instead of the 412, and the conflict surfaced as a client error.
        BrokenWrites faults = new BrokenWrites();
        String bucket = "store-" + (++buckets);
        client.createBucket(b -> b.bucket(bucket));
        S3StoreSettings settings = server.settings(bucket, dir.resolve("cache-" + buckets), PART);
        try (S3Client faulty = server.client(settings, faults)) {
            S3ArtifactStore store = new S3ArtifactStore(faulty, settings);
            StoredArtifact hello = store.putBytes("data/x.csv", utf8("hello"));
            assertThat(store.createIfAbsent("claims/a", utf8("first"))).isEmpty();

            faults.beforeServer = true; // refused before the body was read: the name is taken
            assertThatThrownBy(() -> store.putBytes("data/x.csv", utf8("other")))
                    .isInstanceOf(ArtifactConflictException.class);
            assertThat(store.putBytes("data/x.csv", utf8("hello"))).isEqualTo(hello);
            assertThat(store.createIfAbsent("claims/a", utf8("second"))).hasValueSatisfying(
                    b -> assertThat(b).isEqualTo(utf8("first")));
            assertThatThrownBy(() -> store.createIfAbsent("claims/free", utf8("x")))
                    .isInstanceOf(ArtifactException.class).hasMessageContaining("cannot store");
            assertThatThrownBy(() -> store.putBytes("data/free.csv", utf8("x"))).as("a free name: a real failure")
                    .isInstanceOf(ArtifactException.class).isNotInstanceOf(ArtifactConflictException.class)
                    .hasMessageContaining("cannot store");
            assertThat(store.read("store:data/free.csv")).isEmpty();

            faults.beforeServer = false;
            faults.afterServer = true; // stored, the answer lost: the write is this call's
            StoredArtifact y = store.putBytes("data/y.csv", utf8("y"));
            assertThat(y.sha256()).isEqualTo(ArtifactFiles.sha256(utf8("y")));
            assertThat(store.read(y.uri())).hasValueSatisfying(b -> assertThat(b).isEqualTo(utf8("y")));
            assertThat(store.createIfAbsent("claims/b", utf8("mine"))).as("created here").isEmpty();
            assertThat(store.createIfAbsent("claims/b", utf8("later"))).hasValueSatisfying(
                    b -> assertThat(b).isEqualTo(utf8("mine")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void filesAreImmutableHashedAndVerified(String kind) throws Exception {
        ArtifactStore store = store(kind);
        StoredArtifact a = store.putBytes("data/x.csv", utf8("hello"));
        assertThat(a.uri()).isEqualTo("store:data/x.csv");
        assertThat(a.sha256()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(store.putBytes("data/x.csv", utf8("hello"))).as("the same content again is fine").isEqualTo(a);
        assertThatThrownBy(() -> store.putBytes("data/x.csv", utf8("other")))
                .isInstanceOf(ArtifactConflictException.class);
        assertThat(store.read("store:data/x.csv")).hasValueSatisfying(b -> assertThat(b).isEqualTo(utf8("hello")));
        assertThat(store.read("store:data/none.csv")).isEmpty();
        Path local = store.verify(a.uri(), a.sha256());
        assertThat(local.getFileName().toString()).as("the name (and its extension) is kept").isEqualTo("x.csv");
        assertThat(Files.readString(local)).isEqualTo("hello");
        assertThat(store.verify(a.uri(), a.sha256().toUpperCase())).isEqualTo(local);
        assertThatThrownBy(() -> store.verify(a.uri(), "0".repeat(64))).hasMessageContaining("sha256 mismatch");
        assertThatThrownBy(() -> store.describe("store:data/none")).hasMessageContaining("no artifact at");
        assertThat(store.describe(a.uri())).isEqualTo(a);
        assertThat(store.exists(a.uri())).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void referencesCannotLeaveTheStore(String kind) throws Exception {
        ArtifactStore store = store(kind);
        for (String bad : List.of("store:../x", "store:/etc/passwd", "store:a//b", "store:a/./b", "store:a/../../b",
                "store:", "file:/etc/passwd", "store:a\\b")) {
            assertThatThrownBy(() -> store.describe(bad)).as(bad).isInstanceOf(ArtifactException.class);
            assertThatThrownBy(() -> store.read(bad)).as(bad).isInstanceOf(ArtifactException.class);
        }
        assertThatThrownBy(() -> store.putBytes("../x", utf8("x"))).isInstanceOf(ArtifactException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void directoriesArePublishedWholeOnceAndReadBack(String kind) throws Exception {
        ArtifactStore store = store(kind);
        assertThatThrownBy(() -> store.putDirectory("models/m", d -> {
            throw new IllegalStateException("crashed while writing");
        })).hasMessageContaining("crashed");
        assertThatThrownBy(() -> store.putDirectory("models/n", d -> {
            try {
                Files.createDirectories(d);
                Files.writeString(d.resolve("notes.txt"), "no manifest");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })).hasMessageContaining("without manifest.json");
        assertThat(store.exists("store:models/m")).isFalse();
        assertThat(store.exists("store:models/n")).isFalse();
        StoredArtifact first = store.putDirectory("models/m", manifest("{\"v\": 1}"));
        assertThat(store.putDirectory("models/m", manifest("{\"v\": 1}"))).isEqualTo(first);
        assertThatThrownBy(() -> store.putDirectory("models/m", manifest("{\"v\": 2}")))
                .isInstanceOf(ArtifactConflictException.class);
        assertThat(store.describe("store:models/m")).isEqualTo(first);
        Path local = store.verify(first.uri(), first.sha256());
        assertThat(Files.readString(local.resolve("manifest.json"))).isEqualTo("{\"v\": 1}");
        assertThat(Files.readString(local.resolve("sub/weights.bin"))).isEqualTo("w{\"v\": 1}");
        assertThat(store.local(first.uri())).isEqualTo(local);
        store.delete("models/m");
        assertThat(store.exists("store:models/m")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void ofRacingWritersExactlyOneTakesAName(String kind) throws Exception {
        // Our S3 writes are all conditional; that concurrent ones exclude each other is the server's part. AWS S3,
        // MinIO, R2 and GCS check If-None-Match atomically; S3Proxy 3.0 checks it and then writes, so two racing
        // writers can both pass (measured: 2 of 6). Sequential conflicts are checked on S3 in every other test.
        assumeTrue(kind.equals("filesystem"), "S3Proxy's If-None-Match check is not atomic under concurrency");
        ArtifactStore store = store(kind);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> claims = new ArrayList<>();
            List<Future<String>> dirs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int id = i;
                claims.add(pool.submit(() -> store.createIfAbsent("jobs/j/claim.json", utf8("writer " + id))
                        .isEmpty()));
                dirs.add(pool.submit((Callable<String>) () -> {
                    try {
                        return store.putDirectory("jobs/j/model", manifest("{\"writer\": " + id + "}")).sha256();
                    } catch (ArtifactConflictException lost) {
                        return null;
                    }
                }));
            }
            int won = 0;
            for (Future<Boolean> f : claims) {
                won += f.get() ? 1 : 0;
            }
            assertThat(won).as("exactly one claim wins").isEqualTo(1);
            List<String> published = new ArrayList<>();
            for (Future<String> f : dirs) {
                if (f.get() != null) {
                    published.add(f.get());
                }
            }
            assertThat(published).as("at most one directory's content is published").hasSizeLessThanOrEqualTo(1);
            if (!published.isEmpty()) {
                Path local = store.verify("store:jobs/j/model", published.get(0));
                assertThat(store.describe("store:jobs/j/model").sha256()).isEqualTo(published.get(0));
                assertThat(Files.readString(local.resolve("sub/weights.bin")))
                        .isEqualTo("w" + Files.readString(local.resolve("manifest.json")));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void registriesAreReplacedAtomically(String kind) throws Exception {
        ArtifactStore store = store(kind);
        store.replaceBytes("registry/active.json", utf8("a"));
        store.replaceBytes("registry/active.json", utf8("b"));
        assertThat(store.read("store:registry/active.json")).hasValueSatisfying(b -> assertThat(b).isEqualTo(utf8("b")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void largeUploadsAreStreamedAndRoundTrip(String kind) throws Exception {
        ArtifactStore store = store(kind);
        byte[] big = new byte[(int) PART + 1_234_567]; // over one part: a multipart upload on S3
        new Random(7).nextBytes(big);
        ArtifactStore.Upload up = store.receive(new ByteArrayInputStream(big), big.length);
        StoredArtifact a = store.commit(up, "uploads/big.bin");
        assertThat(up.file()).as("the spooled upload is consumed").doesNotExist();
        assertThat(a.bytes()).isEqualTo(big.length);
        assertThat(Files.readAllBytes(store.verify(a.uri(), a.sha256()))).isEqualTo(big);
        byte[] other = big.clone();
        other[0] ^= 1;
        assertThatThrownBy(() -> store.commit(store.receive(new ByteArrayInputStream(other), other.length),
                "uploads/big.bin")).isInstanceOf(ArtifactConflictException.class);
        assertThatThrownBy(() -> store.receive(new ByteArrayInputStream(big), 1000)).hasMessageContaining("larger");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void zipsAreBoundedAndRefusedZipsLeaveNothing(String kind) throws Exception {
        ArtifactStore store = store(kind);
        var limits = new ArtifactStore.UnzipLimits(3, 10_000, 50);
        assertThatThrownBy(() -> store.commitZip(zip(store, Map.of("a", 100_000)), "uploads/bomb", limits))
                .hasMessageContaining("inflates to more than");
        assertThatThrownBy(() -> store.commitZip(zip(store, Map.of("manifest.json", 10, "a", 10, "b", 10, "c", 10)),
                "uploads/many", limits)).hasMessageContaining("more than 3 files");
        assertThat(store.exists("store:uploads/bomb")).isFalse();
        assertThat(store.exists("store:uploads/many")).isFalse();
        StoredArtifact ok = store.commitZip(zip(store, Map.of("manifest.json", 10, "w", 500)), "uploads/ok", limits);
        assertThat(Files.size(store.verify(ok.uri(), ok.sha256()).resolve("w"))).isEqualTo(500);
    }

    private static ArtifactStore.Upload zip(ArtifactStore store, Map<String, Integer> entries) throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var z = new ZipOutputStream(bytes)) {
            for (var e : new TreeMap<>(entries).entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write("x".repeat(e.getValue()).getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return store.receive(new ByteArrayInputStream(bytes.toByteArray()), 1 << 20);
    }

    @Test
    void aPublishedDirectoryIsReadAsItsMarkerListsItNotAsWhateverLiesBesideIt() throws Exception {
        S3ArtifactStore store = (S3ArtifactStore) store("s3");
        StoredArtifact m = store.putDirectory("models/m", manifest("{\"v\": 1}"));
        // what a writer that lost a race with other content could leave behind (its files not under the marker)
        client.putObject(b -> b.bucket("store-" + buckets).key("artifacts/models/m/stray.bin"),
                RequestBody.fromString("stray"));
        Path local = store.verify(m.uri(), m.sha256());
        assertThat(local.resolve("stray.bin")).doesNotExist();
        assertThat(Files.readString(local.resolve("manifest.json"))).isEqualTo("{\"v\": 1}");
    }

    @Test
    void aServerThatHonoursConditionalWritesPassesTheStartupCheck() throws Exception {
        S3ArtifactStore store = (S3ArtifactStore) store("s3");
        assertThat(store.requireConditionalWrites()).isSameAs(store);
        assertThat(client.listObjectsV2(b -> b.bucket("store-" + buckets)).contents()).as("the probe is removed")
                .isEmpty();
    }

    @Test
    void aUsersObjectsAreReadByS3ReferenceCheckedAndCachedNeverWritten() throws Exception {
        S3ArtifactStore store = (S3ArtifactStore) store("s3");
        client.createBucket(b -> b.bucket("users-bucket"));
        client.putObject(b -> b.bucket("users-bucket").key("data/train.csv"), RequestBody.fromString("id,text\n"));
        // a save_pretrained-style folder: one object per file, no marker
        client.putObject(b -> b.bucket("users-bucket").key("models/m/manifest.json"), RequestBody.fromString("{}"));
        client.putObject(b -> b.bucket("users-bucket").key("models/m/weights.bin"), RequestBody.fromString("w"));

        StoredArtifact data = store.describe("s3://users-bucket/data/train.csv");
        Path local = store.verify(data.uri(), data.sha256());
        assertThat(local.getFileName().toString()).isEqualTo("train.csv");
        assertThat(store.verify(data.uri(), data.sha256())).as("cached by content hash").isEqualTo(local);
        assertThatThrownBy(() -> store.verify(data.uri(), "0".repeat(64))).hasMessageContaining("sha256 mismatch");

        assertThat(store.exists("s3://users-bucket/models/m/")).isTrue();
        StoredArtifact model = store.describe("s3://users-bucket/models/m/");
        Path dirLocal = store.verify(model.uri(), model.sha256());
        assertThat(Files.readString(dirLocal.resolve("weights.bin"))).isEqualTo("w");

        assertThatThrownBy(() -> store.describe("s3://users-bucket/data/none.csv")).hasMessageContaining("no artifact");
        assertThatThrownBy(() -> store.describe("s3://users-bucket/../x")).isInstanceOf(ArtifactException.class);
        assertThatThrownBy(() -> store.describe("s3://only-a-bucket")).hasMessageContaining("names a bucket and a key");
        assertThatThrownBy(() -> new FileArtifactStore(dir.resolve("fs-x")).describe("s3://users-bucket/data/x"))
                .hasMessageContaining("need the S3 store");
    }

    @Test
    void aJobReadsOnlyTheUserBucketsTheInstallationNames() throws Exception {
        int n = buckets + 1;
        S3ArtifactStore store = (S3ArtifactStore) store("s3");
        client.createBucket(b -> b.bucket("someone-elses"));
        client.putObject(b -> b.bucket("someone-elses").key("secret.csv"), RequestBody.fromString("id,text\n"));
        StoredArtifact own = store.putFile("jobs/j/data.csv", new ByteArrayInputStream(utf8("id,text\n")));
        // A bucket the role can read but the settings do not name, and the store's own bucket under another name.
        for (String uri : List.of("s3://someone-elses/secret.csv", "s3://store-" + n + "/artifacts/jobs/j/data.csv")) {
            assertThatThrownBy(() -> store.describe(uri)).as(uri).hasMessageContaining("does not read s3://")
                    .hasMessageContaining("BEDKD_STORE_S3_USER_BUCKETS");
            assertThatThrownBy(() -> store.verify(uri, own.sha256())).as(uri).isInstanceOf(ArtifactException.class);
            assertThatThrownBy(() -> store.exists(uri)).as(uri).isInstanceOf(ArtifactException.class);
        }
        S3StoreSettings closed = server.settings("store-" + n, dir.resolve("cache-closed"), PART)
                .withUserBuckets(java.util.Set.of());
        assertThatThrownBy(() -> new S3ArtifactStore(client, closed).describe("s3://users-bucket/x.csv"))
                .hasMessageContaining("which is empty");
        S3StoreSettings any = closed.withUserBuckets(java.util.Set.of(S3StoreSettings.ANY_BUCKET));
        assertThat(new S3ArtifactStore(client, any).describe("s3://someone-elses/secret.csv").bytes()).isEqualTo(8);
        assertThatThrownBy(() -> closed.withUserBuckets(java.util.Set.of("Not_A_Bucket")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCacheStaysWithinItsBudgetLeastRecentlyUsedFirst() throws Exception {
        int n = buckets + 1;
        store("s3"); // the bucket
        Path cache = dir.resolve("cache-budget");
        S3StoreSettings settings = server.settings("store-" + n, cache, PART).withCacheMaxBytes(2500);
        S3ArtifactStore store = new S3ArtifactStore(client, settings, java.time.Duration.ZERO);
        List<StoredArtifact> written = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            written.add(store.putFile("jobs/j/f" + i, new ByteArrayInputStream(utf8(String.valueOf(i).repeat(1000)))));
            Thread.sleep(20); // distinct last-use times
        }
        // Three 1,000-byte entries against 2,500: the first written went.
        assertThat(cache.resolve(written.get(0).sha256())).doesNotExist();
        assertThat(cache.resolve(written.get(2).sha256())).isDirectory();
        // A use makes an entry the most recent: reading f1 and then f0 back evicts f2, not f1.
        store.verify(written.get(1).uri(), written.get(1).sha256());
        Thread.sleep(20);
        Path f0 = store.verify(written.get(0).uri(), written.get(0).sha256());
        assertThat(f0).hasContent("0".repeat(1000));
        assertThat(cache.resolve(written.get(1).sha256())).isDirectory();
        assertThat(cache.resolve(written.get(2).sha256())).doesNotExist();
        // Within the grace period nothing goes, whatever the budget: a reader may be about to open it.
        S3ArtifactStore graceful = new S3ArtifactStore(client, settings);
        graceful.putFile("jobs/j/f3", new ByteArrayInputStream(utf8("3".repeat(1000))));
        assertThat(cache.resolve(written.get(0).sha256())).isDirectory();
        assertThat(cache.resolve(written.get(1).sha256())).isDirectory();
    }

    @Test
    void whatAStoreWritesIsInItsCacheWithoutADownload() throws Exception {
        int n = buckets + 1;
        S3ArtifactStore store = (S3ArtifactStore) store("s3");
        Path cache = dir.resolve("cache-" + n);
        StoredArtifact file = store.putFile("jobs/j/report.json", new ByteArrayInputStream(utf8("{\"a\": 1}")));
        StoredArtifact model = store.putDirectory("jobs/j/model", manifest("{\"m\": 2}"));
        // Write-through: the slots a download would fill, holding what was uploaded.
        assertThat(cache.resolve(file.sha256()).resolve("report.json")).hasContent("{\"a\": 1}");
        assertThat(cache.resolve(model.sha256()).resolve("model")).isDirectory();
        assertThat(store.verify(model.uri(), model.sha256())).isEqualTo(cache.resolve(model.sha256()).resolve("model"));
        assertThat(ArtifactFiles.hash(cache.resolve(model.sha256()).resolve("model"))).isEqualTo(model.sha256());
    }

    @Test
    void aUsersFolderBeyondTheUploadBoundsIsRefusedBeforeAnythingIsDownloaded() throws Exception {
        S3ArtifactStore store = (S3ArtifactStore) store("s3");
        client.createBucket(b -> b.bucket("big-bucket"));
        for (int i = 0; i <= S3ArtifactStore.USER_MAX_FILES; i++) {
            int n = i;
            client.putObject(b -> b.bucket("big-bucket").key("many/part-" + n), RequestBody.fromString("x"));
        }
        // The byte bound is read off the same listing (and off HEAD for a single object); 4 GiB is not staged here.
        assertThatThrownBy(() -> store.describe("s3://big-bucket/many/"))
                .hasMessageContaining("holds " + (S3ArtifactStore.USER_MAX_FILES + 1) + " objects")
                .hasMessageContaining("at most " + S3ArtifactStore.USER_MAX_FILES + " objects");
    }

    @Test
    void theCommandLineGetsAUsersModelFolderFromTheEnvironmentsEndpoint() throws Exception {
        client.createBucket(b -> b.bucket("cli-bucket"));
        client.putObject(b -> b.bucket("cli-bucket").key("bert/manifest.json"), RequestBody.fromString("{\"m\": 1}"));
        client.putObject(b -> b.bucket("cli-bucket").key("bert/weights.bin"), RequestBody.fromString("w"));
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", server.endpoint().toString(), "BEDKD_STORE_S3_PATH_STYLE",
                "true", "BEDKD_STORE_S3_CACHE_DIR", dir.resolve("cli-cache").toString());
        var credentials = software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(S3Server.ACCESS_KEY,
                        S3Server.SECRET_KEY));
        Path model = S3Inputs.local("s3://cli-bucket/bert/", env, credentials);
        assertThat(model).startsWith(dir.resolve("cli-cache"));
        assertThat(Files.readString(model.resolve("manifest.json"))).isEqualTo("{\"m\": 1}");
        assertThat(S3Inputs.local("s3://cli-bucket/bert", env, credentials)).as("the same cached copy")
                .isEqualTo(model);
        assertThatThrownBy(() -> S3Inputs.local("s3://cli-bucket/none/", env, credentials))
                .hasMessageContaining("no artifact");
    }
}
