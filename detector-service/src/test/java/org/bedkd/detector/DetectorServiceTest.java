package org.bedkd.detector;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bedkd.contracts.DetectionCompleted;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.EventTypes;
import org.bedkd.contracts.JobFailed;
import org.bedkd.contracts.JobSubmitted;
import org.bedkd.contracts.ScreeningRecord;
import org.bedkd.contracts.ScreeningVerdict;
import org.bedkd.contracts.Topics;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.TextClassifier;
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

/** detector-service against a real KRaft broker process and a real (small) victim model. */
@QuarkusTest
@WithTestResource(LocalKafkaResource.class)
@WithTestResource(TestStoreResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DetectorServiceTest {

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

    private static Envelope submit(String jobId, Map<String, String> overrides) {
        Envelope e = EventCodec.wrap("/test", jobId, new JobSubmitted(jobId, TestStoreResource.prepared().spec(overrides)));
        kafka.send(Topics.JOBS, e);
        return e;
    }

    private static List<Envelope> await(String topic, String type, String subject, int count) {
        return kafka.awaitEvents(topic, type, subject, count, WAIT);
    }

    @Test
    @Order(1)
    void aJobIsDetectedAndItsArtifactsStored() throws Exception {
        submit("job-det-1", TestStore.FAST);
        Envelope e = await(Topics.DETECTIONS, EventTypes.DETECTION_COMPLETED, "job-det-1", 1).get(0);
        DetectionCompleted d = EventCodec.payload(e, DetectionCompleted.class);
        assertThat(d.summary().scored()).isEqualTo(300);
        assertThat(d.summary().far()).isNotNull();
        assertThat(d.summary().frr()).isNotNull();
        // The quick profile fits γ to the excess of low MEPD over the clean validation split (or finds none) and adds
        // the samples carrying a certified trigger word; the rule says which happened.
        String rule = d.summary().gammaRule();
        assertThat(rule).startsWith("fit");
        boolean excess = rule.startsWith("fit at clean q");
        assertThat(d.summary().suspectedTriggers()).isNotNull();
        assertThat(d.summary().gamma()).isBetween(0f, 1f);
        // The evidence read off the same calibration: the excess of the set under γ over clean text; it is weak
        // exactly when nothing was flagged.
        double suspectShare = 100.0 * d.summary().belowGamma() / d.summary().scored();
        double clean = d.summary().cleanBelowGamma();
        assertThat(d.summary().estimatedPoisonShare())
                .isCloseTo(Math.max(0, (suspectShare - clean) / (100 - clean) * 100), within(1e-6));
        assertThat(d.summary().weakEvidence()).isEqualTo(d.summary().flagged() == 0);
        var store = new org.bedkd.store.FileArtifactStore(TestStoreResource.prepared().root());
        // Outputs live in this attempt's own directory, named (with their sha256) by the event.
        assertThat(d.scores().uri()).matches("store:jobs/job-det-1/detecting/attempt-[0-9a-f]{16}/scores\\.csv");
        List<String> scores = Files.readAllLines(store.verify(d.scores().uri(), d.scores().sha256()));
        assertThat(scores.get(0)).isEqualTo("id,mepd,label,flagged,poisoned");
        assertThat(scores).hasSize(301);
        // The table flags what the summary counts. With an excess and no trigger word every row under the fitted γ is
        // flagged (the table prints six decimals, hence the margin); once a trigger word is named, only its carriers.
        boolean noTriggerWord = d.summary().triggerWords() == null || d.summary().triggerWords().isEmpty();
        int flaggedRows = 0;
        for (String row : scores.subList(1, scores.size())) {
            String[] f = row.split(",");
            double mepd = Double.parseDouble(f[1]);
            flaggedRows += f[3].equals("1") ? 1 : 0;
            if (excess && noTriggerWord && mepd < d.summary().gamma() - 1e-6) {
                assertThat(f[3]).as(row).isEqualTo("1");
            }
        }
        assertThat(flaggedRows).isEqualTo(d.summary().flagged());
        // The clean calibration scores γ was read against are stored too: their share under γ is the summary's.
        List<String> calibration = Files.readAllLines(store.verify(d.calibrationScores().uri(),
                d.calibrationScores().sha256()));
        assertThat(calibration.get(0)).isEqualTo("id,mepd,label");
        List<Double> cleanMepd = calibration.subList(1, calibration.size()).stream()
                .map(row -> Double.parseDouble(row.split(",")[1])).toList();
        assertThat(cleanMepd).isNotEmpty().isSorted();
        double under = 100.0 * cleanMepd.stream().filter(m -> m < d.summary().gamma()).count() / cleanMepd.size();
        assertThat(under).isCloseTo(clean, within(200.0 / cleanMepd.size()));
        try (TextClassifier dmm = Checkpoints.load(store.verify(d.dmm().uri(), d.dmm().sha256()))) {
            assertThat(dmm.schema().name()).isEqualTo("sst2");
        }
        assertThat(await(Topics.PROGRESS, EventTypes.JOB_PROGRESSED, "job-det-1", 2)).isNotEmpty();
    }

    @Test
    @Order(2)
    void aRedeliveredJobIsNotDetectedTwice() {
        double before = duplicates();
        submit("job-det-1", TestStore.FAST);
        List<Envelope> outcomes = await(Topics.DETECTIONS, EventTypes.DETECTION_COMPLETED, "job-det-1", 2);
        // The same outcome event (same id) is re-sent; consumers drop it as a duplicate.
        assertThat(outcomes.get(1).id()).isEqualTo(outcomes.get(0).id());
        awaitDuplicates(before + 1);
    }

    /** Jobs this stage has answered as duplicates so far. */
    private static double duplicates() {
        return Metrics.value(given().get("/q/metrics").asString(), DUPLICATES);
    }

    /**
     * At least {@code min} duplicates: not exactly, because the broker may redeliver a job on its own (the consumer
     * group rebalanced while the first job ran, in one CI run), and the stage rightly counts that as one more.
     */
    private static void awaitDuplicates(double min) {
        Metrics.awaitAtLeast(() -> given().get("/q/metrics").asString(), DUPLICATES, min, Duration.ofSeconds(30));
    }

    private static final String DUPLICATES =
            "bedkd_jobs_total{outcome=\"duplicate\",service=\"detector-service\",stage=\"detecting\"}";

    @Test
    @Order(3)
    void aCrashBetweenStoringTheOutcomeAndSendingItIsHealedByTheRedelivery() throws Exception {
        // What a replica leaves behind when it dies after the outcome marker was written but before it was sent: the
        // stage's outputs and event.json, and an input offset that was never committed.
        var store = new org.bedkd.store.FileArtifactStore(TestStoreResource.prepared().root());
        var done = EventCodec.decode(Files.readAllBytes(store.resolve("store:jobs/job-det-1/detecting/event.json")));
        double before = duplicates();
        Envelope stored = EventCodec.wrap("/bedkd/detector-service", "job-det-crash", EventCodec.payload(done,
                DetectionCompleted.class));
        store.putBytes("jobs/job-det-crash/detecting/event.json", EventCodec.encode(stored));
        submit("job-det-crash", TestStore.FAST); // the redelivery
        List<Envelope> outcomes = await(Topics.DETECTIONS, EventTypes.DETECTION_COMPLETED, "job-det-crash", 1);
        assertThat(outcomes).extracting(Envelope::id).containsExactly(stored.id());
        try (var written = Files.list(store.resolve("store:jobs/job-det-crash/detecting"))) {
            assertThat(written.map(f -> f.getFileName().toString())).as("the stage was not run again")
                    .containsExactly("event.json");
        }
        awaitDuplicates(before + 1);

        // A stored outcome that is not this job's (written by anything but this stage) is never re-sent: the input
        // is dead-lettered with the reason, and no detection is published for the job.
        store.putBytes("jobs/job-det-forged/detecting/event.json", EventCodec.encode(done));
        submit("job-det-forged", TestStore.FAST);
        try (var consumer = kafka.consumer(List.of(Topics.JOBS + Topics.DEAD_LETTER_SUFFIX))) {
            var dlq = KafkaTestClient.pollUntil(consumer, seen -> seen.stream()
                    .anyMatch(r -> "job-det-forged".equals(r.key())), WAIT);
            String reason = new String(dlq.stream().filter(r -> "job-det-forged".equals(r.key())).findFirst()
                    .orElseThrow().headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
            assertThat(reason).contains("refusing to use it");
        }
        try (var consumer = kafka.consumer(List.of(Topics.DETECTIONS))) {
            var seen = new java.util.ArrayList<ConsumerRecord<String, byte[]>>();
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
            }
            assertThat(KafkaTestClient.events(seen, EventTypes.DETECTION_COMPLETED, "job-det-forged")).isEmpty();
        }
    }

    @Test
    @Order(4)
    void poisonPillsGoToTheDeadLetterTopicAndConsumptionContinues() {
        kafka.send(Topics.JOBS, "pill-1", "not json at all".getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.JOBS, "pill-2", "{\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"bedkd.job.submitted\",\"subject\":\"x\",\"dataschema\":\"9.0\",\"data\":{}}".getBytes(StandardCharsets.UTF_8));
        try (var consumer = kafka.consumer(List.of(Topics.JOBS + Topics.DEAD_LETTER_SUFFIX))) {
            // Wait for both pills by key: the dead-letter topic also holds the forged outcome of the test before.
            List<ConsumerRecord<String, byte[]>> dlq = KafkaTestClient.pollUntil(consumer, seen -> seen.stream()
                    .map(ConsumerRecord::key).toList().containsAll(List.of("pill-1", "pill-2")), WAIT);
            assertThat(dlq).extracting(ConsumerRecord::key).contains("pill-1", "pill-2");
            String reason = new String(dlq.stream().filter(r -> "pill-2".equals(r.key())).findFirst().orElseThrow()
                    .headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
            assertThat(reason).contains("unsupported schema version '9.0'");
        }
        // A failing job (missing artifact) ends FAILED with a reason; the consumer is still alive for it.
        Map<String, String> fast = TestStore.FAST;
        var spec = TestStoreResource.prepared().spec(fast);
        var broken = spec.with(b -> b.suspectModel(new org.bedkd.contracts.ArtifactRef("store:models/missing", "00", 1))
                .testClean(null).testTriggered(null).seed(1));
        kafka.send(Topics.JOBS, EventCodec.wrap("/test", "job-broken", new JobSubmitted("job-broken", broken)));
        JobFailed f = EventCodec.payload(await(Topics.ERRORS, EventTypes.JOB_FAILED, "job-broken", 1).get(0),
                JobFailed.class);
        assertThat(f.stage()).isEqualTo("detecting");
        assertThat(f.errorType()).isEqualTo("artifact");
        assertThat(f.reason()).contains("no artifact at store:models/missing");
    }

    @Test
    @Order(5)
    void streamingScreeningRoutesEveryRecordExactlyOnce() {
        given().contentType("application/json").body("{\"jobId\": \"job-det-1\"}").put("/screener").then()
                .statusCode(200).body("id", equalTo("job-det-1"));
        int n = 40;
        var demo = org.bedkd.pipeline.TaskCatalog.demo().train();
        // What producers write: our events, bare JSON objects (as an existing producer writes them) and plain strings.
        for (int i = 0; i < n; i++) {
            var s = demo.get(i);
            switch (i % 3) {
                case 0 -> kafka.send(Topics.SCREENING_IN, EventCodec.wrap("/test", "r" + i, new ScreeningRecord("r" + i,
                        s.text(), s.label())));
                case 1 -> kafka.send(Topics.SCREENING_IN, "r" + i, EventCodec.toJson(java.util.Map.of("id", "r" + i,
                        "text", s.text(), "label", s.label(), "source", "crawler")).getBytes(StandardCharsets.UTF_8));
                default -> kafka.send(Topics.SCREENING_IN, "r" + i, s.text().getBytes(StandardCharsets.UTF_8));
            }
        }
        kafka.send(Topics.SCREENING_IN, null, ("{\"text\": " + EventCodec.toJson(demo.get(n + 1).text()) + "}")
                .getBytes(StandardCharsets.UTF_8));
        // One record delivered twice (as after a crash before the batch's offsets were committed).
        Envelope twice = EventCodec.wrap("/test", "twice", new ScreeningRecord("twice", demo.get(n).text(), null));
        kafka.send(Topics.SCREENING_IN, twice);
        kafka.send(Topics.SCREENING_IN, twice);
        kafka.send(Topics.SCREENING_IN, EventCodec.wrap("/test", "too-long", new ScreeningRecord("too-long",
                "x".repeat(20_000), 1)));
        kafka.send(Topics.SCREENING_IN, "garbage", new byte[] {1, 2, 3});
        kafka.send(Topics.SCREENING_IN, "no-text", "{\"body\": \"x\"}".getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.SCREENING_IN, "bad-json", "{\"text\": ".getBytes(StandardCharsets.UTF_8));
        try (var consumer = kafka.consumer(List.of(Topics.SCREENING_CLEAN, Topics.SCREENING_QUARANTINE,
                Topics.SCREENING_IN + Topics.DEAD_LETTER_SUFFIX))) {
            var seen = KafkaTestClient.pollUntil(consumer, s -> s.size() >= n + 7, WAIT);
            var copies = seen.stream().filter(r -> "twice".equals(r.key())).map(r -> KafkaTestClient.event(r).id())
                    .toList();
            assertThat(copies).as("a redelivered record is screened again").hasSize(2);
            assertThat(java.util.Set.copyOf(copies)).as("its verdicts share one event id").hasSize(1);
            seen = seen.stream().filter(r -> !"twice".equals(r.key())).toList();
            var verdicts = seen.stream().filter(r -> !r.topic().endsWith(".dlq"))
                    .map(r -> KafkaTestClient.payload(r, ScreeningVerdict.class)).toList();
            assertThat(verdicts).hasSize(n + 1);
            assertThat(verdicts).extracting(ScreeningVerdict::id).doesNotHaveDuplicates();
            List<String> keys = new java.util.ArrayList<>();
            for (var r : seen) {
                if (!r.topic().endsWith(".dlq")) {
                    var v = KafkaTestClient.payload(r, ScreeningVerdict.class);
                    assertThat(r.topic()).isEqualTo(v.quarantined() ? Topics.SCREENING_QUARANTINE : Topics.SCREENING_CLEAN);
                    keys.add(r.key());
                    // A plain string has no id of its own: it is named by its place in the topic; the key is kept.
                    assertThat(v.id().equals(r.key()) || v.id().startsWith(Topics.SCREENING_IN + "-")).as(v.id())
                            .isTrue();
                }
            }
            assertThat(keys).hasSize(n + 1).containsAll(java.util.stream.IntStream.range(0, n).mapToObj(i -> "r" + i)
                    .toList());
            assertThat(keys).filteredOn(k -> !k.startsWith("r")).singleElement().asString()
                    .startsWith(Topics.SCREENING_IN + "-");
            var deadLetters = seen.stream().filter(r -> r.topic().endsWith(".dlq")).toList();
            assertThat(deadLetters).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("too-long", "garbage", "no-text", "bad-json");
            assertThat(deadLetters).extracting(r -> new String(r.headers().lastHeader("dead-letter-reason").value(),
                    StandardCharsets.UTF_8)).anyMatch(m -> m.contains("no 'text' text field"))
                    .anyMatch(m -> m.contains("malformed JSON")).anyMatch(m -> m.contains("control characters"));
        }
    }

    @Test
    @Order(6)
    void badRequestsGetA4xxWithAMessage() {
        given().contentType("application/json").body("{}").put("/screener").then().statusCode(400)
                .body("message", containsString("give either jobId"));
        given().contentType("application/json").body("{\"jobId\": \"no-such-job\"}").put("/screener").then()
                .statusCode(400).body("message", containsString("no finished detection"));
        given().contentType("application/json").body("{\"jobId\": \"../etc\"}").put("/screener").then()
                .statusCode(400).body("message", containsString("invalid job id"));
        given().contentType("application/json").body("{\"records\": []}").post("/screener/score").then()
                .statusCode(400);
        given().contentType("application/json").body("{not json").put("/screener").then().statusCode(400);
        given().contentType("application/json")
                .body("{\"records\": [{\"id\": \"a\", \"text\": \"a fine film\"}, {\"id\": \"b\", \"text\": \"dull\"}]}")
                .post("/screener/score").then().statusCode(200).body("size()", equalTo(2));
    }

    @Test
    @Order(7)
    void healthAndMetrics() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("bedkd_jobs_total"))
                .body(containsString("bedkd_mepd_bucket")).body(containsString("bedkd_screening_records_total"));
    }

    @Test
    @Order(8)
    void aScreenerCanCarryAnInferenceTimeFilterFittedOnItsJobsCleanSplit() {
        given().contentType("application/json").body("{\"jobId\": \"job-det-1\", \"filter\": \"imbert\"}")
                .put("/screener").then().statusCode(200).body("filter", equalTo("imbert"))
                .body("filterJob", equalTo("job-det-1"));
        String trigger = "a cf fine mn film with a bb cast";
        List<ScreeningVerdict> verdicts = java.util.Arrays.asList(given().contentType("application/json")
                .body("{\"records\": [{\"id\": \"t\", \"text\": \"" + trigger + "\"}]}").post("/screener/score")
                .then().statusCode(200).extract().as(ScreeningVerdict[].class));
        var f = verdicts.get(0).filter();
        assertThat(f.filter()).isEqualTo("imbert");
        assertThat(f.refused()).isFalse();
        // IMBERT takes out at most the K = 3 most salient words, those above its threshold.
        assertThat(f.text().split(" ").length).isBetween(trigger.split(" ").length - 3, trigger.split(" ").length);
        assertThat(f.score()).isPositive();

        // STRIP is fitted at registration (perturbed copies of the job's validation split) and refuses or passes.
        given().contentType("application/json").body("{\"jobId\": \"job-det-1\", \"filter\": \"strip\"}")
                .put("/screener").then().statusCode(200).body("filter", equalTo("strip"));
        given().contentType("application/json").body("{\"records\": [{\"id\": \"t\", \"text\": \"" + trigger + "\"}]}")
                .post("/screener/score").then().statusCode(200).body("[0].filter.filter", equalTo("strip"))
                .body("[0].filter.text", equalTo(trigger));

        given().contentType("application/json").body("{\"jobId\": \"job-det-1\", \"filter\": \"tfidf\"}")
                .put("/screener").then().statusCode(400).body("message", containsString("unknown filter 'tfidf'"));
        given().contentType("application/json").body("{\"suspectModel\": {\"uri\": \"store:x\", \"sha256\": \"00\","
                + " \"bytes\": 1}, \"dmm\": {\"uri\": \"store:y\", \"sha256\": \"00\", \"bytes\": 1}, \"schema\":"
                + " \"sst2\", \"filter\": \"strip\"}").put("/screener").then().statusCode(400)
                .body("message", containsString("register it with jobId"));
        // Back to MEPD alone for whatever runs next.
        given().contentType("application/json").body("{\"jobId\": \"job-det-1\"}").put("/screener").then()
                .statusCode(200).body("filter", org.hamcrest.Matchers.nullValue());
    }
}
