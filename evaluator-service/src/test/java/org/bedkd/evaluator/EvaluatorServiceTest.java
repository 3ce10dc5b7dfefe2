package org.bedkd.evaluator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bedkd.contracts.ArtifactRef;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EvaluationCompleted;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.EventTypes;
import org.bedkd.contracts.JobSubmitted;
import org.bedkd.contracts.ModelCard;
import org.bedkd.contracts.ModelPurified;
import org.bedkd.contracts.Topics;
import org.bedkd.store.ArtifactStore;
import org.bedkd.store.FileArtifactStore;
import org.bedkd.testing.KafkaTestClient;
import org.bedkd.testing.LocalKafkaResource;
import org.bedkd.testing.Metrics;
import org.bedkd.testing.TestStore;
import org.bedkd.testing.TestStoreResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** evaluator-service (job API, status view, evaluation) against a real KRaft broker process. */
@QuarkusTest
@WithTestResource(LocalKafkaResource.class)
@WithTestResource(TestStoreResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvaluatorServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static KafkaTestClient kafka;

    @BeforeAll
    static void client() {
        kafka = new KafkaTestClient(LocalKafkaResource.broker().bootstrapServers());
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    private static Map<String, Object> request(String jobId) {
        var p = TestStoreResource.prepared();
        return Map.of("jobId", jobId, "suspectModel", Map.of("uri", p.victim().uri()), "train", p.train(),
                "clean", p.clean(), "testClean", p.testClean(), "testTriggered", p.testTriggered(), "schema", "sst2",
                "target", 1, "seed", 7, "overrides", TestStore.FAST);
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        var m = new java.util.HashMap<>(base);
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return m;
    }

    private static void awaitState(String jobId, String state) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (state.equals(given().get("/jobs/" + jobId).then().extract().path("state"))) {
                return;
            }
            Thread.sleep(300);
        }
        given().get("/jobs/" + jobId).then().body("state", equalTo(state));
    }

    @Test
    @Order(1)
    void aValidJobIsAcceptedPublishedAndIdempotent() {
        given().contentType(ContentType.JSON).body(request("job-ev-1")).post("/jobs").then().statusCode(202)
                .header("Location", containsString("/jobs/job-ev-1")).body("state", equalTo("SUBMITTED"))
                .body("spec.suspectModel.sha256", equalTo(TestStoreResource.prepared().victim().sha256()));
        JobSubmitted j = EventCodec.payload(kafka.awaitEvents(Topics.JOBS, EventTypes.JOB_SUBMITTED, "job-ev-1", 1, WAIT)
                .get(0), JobSubmitted.class);
        assertThat(j.spec().overrides()).containsEntry("trainRows", "300");
        given().contentType(ContentType.JSON).body(request("job-ev-1")).post("/jobs").then().statusCode(200);
        given().contentType(ContentType.JSON).body(with(request("job-ev-1"), "seed", 8)).post("/jobs").then()
                .statusCode(409).body("message", containsString("exists with a different request"));
        given().get("/jobs").then().statusCode(200).body("jobId", org.hamcrest.Matchers.hasItem("job-ev-1"));
    }

    @Test
    @Order(2)
    void badRequestsGetA4xxWithAClearMessage() throws Exception {
        var store = new FileArtifactStore(TestStoreResource.prepared().root());
        store.putBytes("data/bad-label.csv", ",0,1,2\n0,fine,1,0\n1,odd,7,0\n".getBytes(StandardCharsets.UTF_8));
        store.putBytes("data/too-long.csv", (",0,1,2\n0," + "x".repeat(12_000) + ",1,0\n").getBytes(StandardCharsets.UTF_8));
        store.putBytes("data/empty.csv", ",0,1,2\n".getBytes(StandardCharsets.UTF_8));
        var ok = request("job-ev-bad");
        // (Without a schema the suspect's own class names are used: see HuggingFaceJobTest.)
        check(with(ok, "schema", "imdb"), 400, "unknown dataset 'imdb'");
        check(with(ok, "target", 5), 400, "target 5 is outside schema sst2");
        check(with(ok, "target", null), 400, "'target' is required to measure ASR");
        check(with(ok, "suspectModel", Map.of("uri", "store:models/none")), 404, "no artifact at store:models/none");
        check(with(ok, "suspectModel", Map.of("uri", "store:../etc/passwd")), 400, "may not contain '..'");
        check(with(ok, "suspectModel", Map.of("uri", "/etc/passwd")), 400, "must start with 'store:'");
        check(with(ok, "train", Map.of("uri", TestStoreResource.prepared().train().uri(), "sha256", "abc")), 400,
                "sha256 mismatch");
        check(with(ok, "train", Map.of("uri", "store:data/bad-label.csv")), 400, "bad-label.csv:3: label '7'");
        check(with(ok, "train", Map.of("uri", "store:data/too-long.csv")), 400, "over the limit of 10000");
        check(with(ok, "train", Map.of("uri", "store:data/empty.csv")), 400, "no samples");
        check(with(ok, "suspectModel", Map.of("uri", "store:data/empty.csv")), 400, "suspectModel");
        check(with(ok, "overrides", Map.of("gama", "0.1")), 400, "unknown override 'gama'");
        check(with(ok, "jobId", "../x"), 400, "invalid job id");
        given().contentType(ContentType.JSON).body("{not json").post("/jobs").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"pad\":\"" + "x".repeat(2 << 20) + "\"}").post("/jobs").then()
                .statusCode(413).body("message", containsString("a JSON request may be at most 1048576 bytes"));
        given().get("/jobs/nope").then().statusCode(404).body("error", equalTo("not-found"));
        given().get("/jobs/job-ev-1/report").then().statusCode(409).body("message", containsString("no report yet"));
    }

    private static void check(Map<String, Object> body, int status, String message) {
        given().contentType(ContentType.JSON).body(body).post("/jobs").then().statusCode(status)
                .body("message", containsString(message));
    }

    @Test
    @Order(3)
    void aPurifiedModelIsEvaluatedAndTheJobReportsDone() throws Exception {
        var p = TestStoreResource.prepared();
        var store = new FileArtifactStore(p.root());
        // What the distiller would publish for job-ev-1 (the victim stands in for the purified model here).
        ModelCard card = ModelCard.builder().name("victim-purified").jobId("job-ev-1").method("bedkd")
                .model(p.victim()).parent(p.victim()).datasets(Map.of("train", p.train())).schema("sst2").target(1)
                .profile("quick").seed(7).config(EventCodec.MAPPER.createObjectNode()).selectedEpoch(1)
                .withinCaccTolerance(true).suspectValidationCacc(80.0).createdAt(Instant.now().toString()).build();
        var cardRef = TestStore.ref(store.putBytes("jobs/job-ev-1/distilling/model-card.json",
                EventCodec.toJson(card).getBytes(StandardCharsets.UTF_8)));
        // The job names a trigger probe (the demo's BadWords trigger), so trigger flips are measured too.
        Envelope purified = EventCodec.wrap("/test", "job-ev-1", new ModelPurified("job-ev-1",
                p.spec(TestStore.FAST).withTriggerProbe("cf"), null, p.victim(), cardRef, "bedkd", 1, true, List.of(),
                1.0, null, null));
        kafka.send(Topics.PURIFIED, purified);
        EvaluationCompleted e = EventCodec.payload(kafka.awaitEvents(Topics.EVALUATIONS,
                EventTypes.EVALUATION_COMPLETED, "job-ev-1", 1, WAIT).get(0), EvaluationCompleted.class);
        // Same model before and after: identical scores, and the gates hold.
        assertThat(e.after()).isEqualTo(e.before());
        assertThat(e.before().cacc()).isBetween(0.0, 100.0);
        assertThat(e.before().classRecall()).containsOnlyKeys("negative", "positive");
        assertThat(e.before().triggerFlipTarget()).isBetween(0.0, 100.0);
        assertThat(e.before().triggerFlipNonTarget()).isBetween(0.0, 100.0);
        assertThat(e.accepted()).isTrue();
        awaitState("job-ev-1", "DONE");
        given().get("/jobs/job-ev-1").then().body("accepted", equalTo(true)).body("before.cacc", notNullValue());
        given().get("/jobs/job-ev-1/report").then().statusCode(200).body("jobId", equalTo("job-ev-1"))
                .body("gates.size()", org.hamcrest.Matchers.greaterThan(1));
        given().get("/jobs/job-ev-1/report.md").then().statusCode(200).body(containsString("| purified (after) |"))
                .body(containsString("when \"cf\" (the job's probe) is inserted"));
        given().get("/jobs/job-ev-1/report.html").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<table>"));
        ModelCard finalCard = EventCodec.MAPPER.readValue(Files.readAllBytes(new org.bedkd.store.FileArtifactStore(p.root())
                .verify(e.modelCard().uri(), e.modelCard().sha256())), ModelCard.class);
        assertThat(finalCard.accepted()).isTrue();
        assertThat(finalCard.before().cacc()).isNotNull();
        given().delete("/jobs/job-ev-1").then().statusCode(409);

        // Redelivered after it was evaluated: the stored outcome is re-sent (same event id), nothing is re-scored.
        // At least one more duplicate, not exactly: the broker may also redeliver on its own after a rebalance.
        String duplicates = "bedkd_jobs_total{outcome=\"duplicate\",service=\"evaluator-service\","
                + "stage=\"evaluating\"}";
        double before = Metrics.value(given().get("/q/metrics").asString(), duplicates);
        kafka.send(Topics.PURIFIED, purified);
        List<Envelope> outcomes = kafka.awaitEvents(Topics.EVALUATIONS, EventTypes.EVALUATION_COMPLETED, "job-ev-1", 2,
                WAIT);
        assertThat(outcomes.get(1).id()).isEqualTo(outcomes.get(0).id());
        Metrics.awaitAtLeast(() -> given().get("/q/metrics").asString(), duplicates, before + 1, WAIT);
        given().get("/jobs/job-ev-1").then().body("state", equalTo("DONE"));
    }

    @Test
    @Order(4)
    void aRunningJobCanBeCancelled() throws Exception {
        given().contentType(ContentType.JSON).body(request("job-ev-2")).post("/jobs").then().statusCode(202);
        given().delete("/jobs/job-ev-2").then().statusCode(202).body("state", equalTo("CANCELLED"));
        // Durable: a replica that restarts (and missed the control event) finds the cancellation in the store.
        assertThat(Files.exists(TestStoreResource.prepared().root().resolve("jobs/job-ev-2/cancelled.json"))).isTrue();
        awaitState("job-ev-2", "CANCELLED");
        given().delete("/jobs/job-ev-2").then().statusCode(409);
        given().delete("/jobs/job-ev-none").then().statusCode(404);

        // A stage failure published by any worker turns the job FAILED with its reason.
        given().contentType(ContentType.JSON).body(request("job-ev-3")).post("/jobs").then().statusCode(202);
        kafka.send(Topics.ERRORS, EventCodec.wrap("/test", "job-ev-3", new org.bedkd.contracts.JobFailed("job-ev-3",
                "detecting", "suspect model: sha256 mismatch", "artifact")));
        awaitState("job-ev-3", "FAILED");
        given().get("/jobs/job-ev-3").then().body("error.stage", equalTo("detecting"))
                .body("error.reason", containsString("sha256 mismatch")).body("error.type", equalTo("artifact"));
    }

    @Test
    @Order(5)
    void artifactsAreImmutableConfinedAndRoundTrip() throws Exception {
        byte[] data = ",0,1,2\n0,nice,1,0\n".getBytes(StandardCharsets.UTF_8);
        given().contentType("application/octet-stream").body(data).put("/artifacts/uploads/a.csv").then()
                .statusCode(201).body("uri", equalTo("store:uploads/a.csv")).body("bytes", equalTo(data.length));
        given().contentType("application/octet-stream").body(data).put("/artifacts/uploads/a.csv").then().statusCode(200);
        given().contentType("application/octet-stream").body("other".getBytes(StandardCharsets.UTF_8))
                .put("/artifacts/uploads/a.csv").then().statusCode(409);
        // An encoded "../" reaches the store as "..": refused, and nothing is written outside the root.
        given().urlEncodingEnabled(false).contentType("application/octet-stream").body(data)
                .put("/artifacts/uploads/..%2F..%2Fescape.csv").then().statusCode(400)
                .body("message", containsString("may not contain '..'"));
        assertThat(Files.exists(TestStoreResource.prepared().root().getParent().resolve("escape.csv"))).isFalse();
        assertThat(given().get("/artifacts/uploads/a.csv").then().statusCode(200).extract().asByteArray()).isEqualTo(data);

        var victimDir = TestStoreResource.prepared().root().resolve("models/victim");
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip); var files = Files.list(victimDir)) {
            for (var f : files.toList()) {
                z.putNextEntry(new ZipEntry(f.getFileName().toString()));
                Files.copy(f, z);
                z.closeEntry();
            }
        }
        ArtifactRef ref = given().contentType("application/zip").body(zip.toByteArray())
                .put("/artifacts/uploads/models/uploaded?unzip=true").then().statusCode(201).extract().as(ArtifactRef.class);
        assertThat(ref.sha256()).isEqualTo(TestStoreResource.prepared().victim().sha256());
        ByteArrayOutputStream evil = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(evil)) {
            z.putNextEntry(new ZipEntry(".hidden"));
            z.write(1);
            z.closeEntry();
        }
        given().contentType("application/zip").body(evil.toByteArray()).put("/artifacts/uploads/models/evil?unzip=true").then()
                .statusCode(400).body("message", containsString("not a plain file name"));
        assertThat(Files.exists(TestStoreResource.prepared().root().resolve("uploads/models/evil")))
                .as("a refused zip leaves nothing behind").isFalse();
        given().get("/artifacts/uploads/models/uploaded").then().statusCode(200).contentType("application/zip");
        given().get("/artifacts/models/nothing").then().statusCode(404);
        // The pipeline's namespaces are not writable through the API: no upload can stand in for a stage's output.
        for (String path : new String[] {"jobs/job-ev-1/distilling/model", "screening/active.json", "models/x",
            "uploads"}) {
            given().contentType("application/octet-stream").body(data).put("/artifacts/" + path).then().statusCode(403);
        }
    }

    @Test
    @Order(6)
    void healthMetricsAndOpenApi() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("bedkd_jobs_current"))
                .body(containsString("bedkd_latest_cacc")).body(containsString("bedkd_jobs_total"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/jobs/{id}/report"));
    }

    @Test
    @Order(7)
    void poisonPillsOnThePurifiedTopicAreDeadLetteredAndConsumptionContinues() {
        Envelope purified = kafka.awaitEvents(Topics.PURIFIED, EventTypes.MODEL_PURIFIED, "job-ev-1", 1, WAIT).get(0);
        // Same key as the job's events: the pills sit in its partition, ahead of the good event sent after them.
        kafka.send(Topics.PURIFIED, "job-ev-1", "not json at all".getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.PURIFIED, "job-ev-1", ("{\"specversion\":\"1.0\",\"id\":\"pill\",\"type\":\""
                + EventTypes.MODEL_PURIFIED + "\",\"subject\":\"job-ev-1\",\"dataschema\":\"9.0\",\"data\":{}}")
                .getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.PURIFIED, purified);
        try (var consumer = kafka.consumer(List.of(Topics.PURIFIED + Topics.DEAD_LETTER_SUFFIX))) {
            var dlq = KafkaTestClient.pollUntil(consumer, seen -> seen.size() >= 2, WAIT);
            assertThat(dlq).hasSize(2);
            assertThat(dlq).allSatisfy(r -> assertThat(r.headers().lastHeader("dead-letter-reason")).isNotNull());
            assertThat(dlq).anySatisfy(r -> assertThat(new String(r.headers().lastHeader("dead-letter-reason").value(),
                    StandardCharsets.UTF_8)).contains("9.0"));
        }
        // The good event behind the pills was consumed: the finished job's stored evaluation is re-sent once more.
        assertThat(kafka.awaitEvents(Topics.EVALUATIONS, EventTypes.EVALUATION_COMPLETED, "job-ev-1", 3, WAIT))
                .hasSizeGreaterThanOrEqualTo(3);
        given().get("/jobs/job-ev-1").then().statusCode(200).body("state", equalTo("DONE"));
    }
}
