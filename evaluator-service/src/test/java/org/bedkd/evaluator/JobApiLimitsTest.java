package org.bedkd.evaluator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bedkd.contracts.EventTypes;
import org.bedkd.contracts.Topics;
import org.bedkd.testing.KafkaTestClient;
import org.bedkd.testing.LocalKafkaResource;
import org.bedkd.testing.TestStore;
import org.bedkd.testing.TestStoreResource;
import org.junit.jupiter.api.Test;

/**
 * Every way in is bounded, as an outsider would probe it: chunked bodies, unknown fields, out-of-range overrides, zip
 * bombs, racing submissions of one id.
 */
@QuarkusTest
@WithTestResource(LocalKafkaResource.class)
@WithTestResource(TestStoreResource.class)
class JobApiLimitsTest {

    @TestHTTPResource("/jobs")
    URI jobs;

    private static Map<String, Object> request(String jobId, Map<String, String> overrides) {
        var p = TestStoreResource.prepared();
        return Map.of("jobId", jobId, "suspectModel", Map.of("uri", p.victim().uri()), "train", p.train(),
                "clean", p.clean(), "schema", "sst2", "seed", 7, "overrides", overrides);
    }

    @Test
    void aChunkedBodyIsBoundedToo() throws Exception {
        // No Content-Length: only a limit on what is read stops it.
        byte[] big = ("{\"pad\":\"" + "x".repeat(2 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(jobs)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("a JSON request may be at most 1048576 bytes");
    }

    @Test
    void unknownFieldsAreRefusedNotIgnored() {
        var body = new java.util.HashMap<>(request("job-lim-typo", TestStore.FAST));
        body.put("overides", Map.of("akdEpochs", "1"));
        given().contentType(ContentType.JSON).body(body).post("/jobs").then().statusCode(400)
                .body("message", containsString("unknown field 'overides'"));
    }

    @Test
    void aTriggerProbeIsBoundedOneLineAndNeedsATarget() {
        Object[][] cases = {{"x".repeat(201), 1, "1 to 200 characters"}, {"cf\u0000", 1, "without control characters"},
                {"line one\nline two", 1, "without control characters"}, {" ", 1, "1 to 200 characters"},
                {"cf", null, "'target' is required to measure trigger flips"}};
        for (Object[] c : cases) {
            var body = new java.util.HashMap<>(request("job-lim-probe", TestStore.FAST));
            body.put("triggerProbe", c[0]);
            if (c[1] != null) {
                body.put("target", c[1]);
            }
            given().contentType(ContentType.JSON).body(body).post("/jobs").then().statusCode(400)
                    .body("message", containsString((String) c[2]));
        }
    }

    @Test
    void overridesOutsideTheirRangeAreRefused() {
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("akdEpochs", "2147483647");
        bad.put("dmmEpochs", "2147483647");
        bad.put("dmmPerClass", "2147483647");
        bad.put("maxFlagged", "2147483647");
        bad.put("punishLimit", "2147483647");
        bad.put("patience", "2147483647");
        bad.put("trainRows", "-5");
        bad.put("testRows", "-1");
        bad.put("dmmAlpha", "NaN");
        bad.put("punishRatio", "NaN");
        bad.put("dmmTemperature", "NaN");
        bad.put("dmmLr", "Infinity");
        bad.put("gamma", "-Infinity");
        bad.put("gammaQuantile", "1.5");
        bad.put("validationRows", "0");
        for (var e : bad.entrySet()) {
            given().contentType(ContentType.JSON).body(request("job-lim-range", Map.of(e.getKey(), e.getValue())))
                    .post("/jobs").then().statusCode(400).body("message", containsString("out of range"));
        }
        for (String[] kv : new String[][] {{"punishRatio", "1e308"}, {"dmmLr", "-1"}, {"dmmTemperature", "0"}}) {
            given().contentType(ContentType.JSON).body(request("job-lim-range", Map.of(kv[0], kv[1]))).post("/jobs")
                    .then().statusCode(400).body("message", containsString("out of range"));
        }
    }

    @Test
    void twentyParallelSubmissionsOfOneIdPublishOneJob() throws Exception {
        var body = request("job-lim-race", TestStore.FAST);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Integer>> codes = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Callable<Integer> post = () -> given().contentType(ContentType.JSON).body(body).post("/jobs")
                        .statusCode();
                codes.add(pool.submit(post));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : codes) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(200, 202);
            assertThat(statuses.stream().filter(s -> s == 202)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        // A different request under the same id is refused, and the id stays taken.
        given().contentType(ContentType.JSON).body(request("job-lim-race", Map.of("akdEpochs", "1"))).post("/jobs")
                .then().statusCode(409);
        try (KafkaTestClient kafka = new KafkaTestClient(LocalKafkaResource.broker().bootstrapServers());
                var consumer = kafka.consumer(List.of(Topics.JOBS))) {
            List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
            }
            assertThat(KafkaTestClient.events(seen, EventTypes.JOB_SUBMITTED, "job-lim-race")).hasSize(1);
        }
    }

    @Test
    void aCheckpointWhoseTensorsDoNotFitItsHeaderIsRefusedAtSubmission() throws Exception {
        var p = TestStoreResource.prepared();
        var store = new org.bedkd.store.FileArtifactStore(p.root());
        var victim = store.resolve(p.victim().uri());
        // Same files, but the manifest claims two layers where the weights hold one.
        var bad = store.putDirectory("uploads/two-layer-claim", dir -> {
            try {
                Files.createDirectories(dir);
                for (String f : List.of("weights.params", "tokenizer.json")) {
                    Files.copy(victim.resolve(f), dir.resolve(f));
                }
                Files.writeString(dir.resolve("manifest.json"), Files.readString(victim.resolve("manifest.json"))
                        .replace("\"layers\" : 1", "\"layers\" : 2"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        var body = new java.util.HashMap<>(request("job-lim-badmodel", TestStore.FAST));
        body.put("suspectModel", Map.of("uri", bad.uri()));
        given().contentType(ContentType.JSON).body(body).post("/jobs").then().statusCode(400)
                .body("message", containsString("suspectModel")).body("message", containsString("do not fit"));
    }

    @Test
    void aZipBombIsRefusedAndLeavesNothing() throws Exception {
        // 64 MiB of zeros deflates to about 64 KiB: a ratio of 1000, twenty times the limit.
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("weights.params"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                z.write(zeros);
            }
            z.closeEntry();
        }
        given().contentType("application/zip").body(zip.toByteArray()).put("/artifacts/uploads/bomb?unzip=true")
                .then().statusCode(400).body("message", containsString("inflates to more than"));
        var root = TestStoreResource.prepared().root();
        assertThat(Files.exists(root.resolve("uploads/bomb"))).isFalse();
        try (var tmp = Files.list(root.resolve(".tmp"))) {
            assertThat(tmp).as("no temporaries left").isEmpty();
        }
        // A zip without a manifest is refused, and does not squat the path: a good upload there still works.
        ByteArrayOutputStream notACheckpoint = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(notACheckpoint)) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            z.write("hello".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        given().contentType("application/zip").body(notACheckpoint.toByteArray())
                .put("/artifacts/uploads/squat?unzip=true").then().statusCode(400);
        assertThat(Files.exists(root.resolve("uploads/squat"))).isFalse();
    }
}
