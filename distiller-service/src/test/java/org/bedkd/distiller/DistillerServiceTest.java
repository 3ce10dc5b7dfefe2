package org.bedkd.distiller;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bedkd.contracts.ArtifactRef;
import org.bedkd.contracts.DetectionCompleted;
import org.bedkd.contracts.DetectionSummary;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.EventTypes;
import org.bedkd.contracts.JobCancelled;
import org.bedkd.contracts.JobFailed;
import org.bedkd.contracts.JobSpec;
import org.bedkd.contracts.ModelCard;
import org.bedkd.contracts.ModelPurified;
import org.bedkd.contracts.ResolvedJob;
import org.bedkd.contracts.Topics;
import org.bedkd.data.DatasetReader;
import org.bedkd.data.LabelSchema;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.TextClassifier;
import org.bedkd.service.JobInputs;
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

/** distiller-service against a real KRaft broker process and a real (small) victim model. */
@QuarkusTest
@WithTestResource(LocalKafkaResource.class)
@WithTestResource(TestStoreResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistillerServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static KafkaTestClient kafka;

    @BeforeAll
    static void client() {
        kafka = new KafkaTestClient(LocalKafkaResource.broker().bootstrapServers());
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    /**
     * A detection result as the detector would publish it; the score table flags the truly poisoned training rows
     * (ground truth from the CSV), which is what a good detection returns.
     */
    private static Envelope detection(String jobId, String extraFlaggedId) throws Exception {
        var prepared = TestStoreResource.prepared();
        FileArtifactStore store = new FileArtifactStore(prepared.root());
        var train = DatasetReader.readDataset(store.resolve(prepared.train().uri()), LabelSchema.SST2);
        StringBuilder csv = new StringBuilder("id,mepd,label,flagged,poisoned\n");
        train.samples().stream().filter(s -> s.isKnownPoisoned())
                .forEach(s -> csv.append(s.id()).append(",0.001,").append(s.label()).append(",1,1\n"));
        if (extraFlaggedId != null) {
            csv.append(extraFlaggedId).append(",0.002,1,1,\n");
        }
        var scores = store.putBytes("jobs/" + jobId + "/detecting/scores.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        // With the BadWords trigger words a fit detection certifies, which the punish pass inserts into clean samples.
        var summary = new DetectionSummary(train.size(), 0.05f, "0.050", 50, 50, 0.0, 0.0, 30.0, 1.0, null, null,
                null, List.of("cf", "mn"), List.of("cf", "mn", "bb", "tq", "mb"));
        var spec = prepared.spec(TestStore.FAST);
        return EventCodec.wrap("/test", jobId, new DetectionCompleted(jobId, spec, prepared.victim(),
                TestStore.ref(scores), summary, resolvedAsTheDetectorWould(spec), null));
    }

    /** What a detector of this version attaches: its own resolution of the job. */
    private static ResolvedJob resolvedAsTheDetectorWould(JobSpec spec) {
        JobInputs inputs = new JobInputs(new FileArtifactStore(TestStoreResource.prepared().root()));
        return JobInputs.describe(inputs.resolve(spec), null);
    }

    private static List<Envelope> await(String topic, String type, String subject, int count) {
        return kafka.awaitEvents(topic, type, subject, count, WAIT);
    }

    @Test
    @Order(1)
    void aDetectionIsPurifiedIntoACheckpointWithAModelCard() throws Exception {
        kafka.send(Topics.DETECTIONS, detection("job-dis-1", null));
        ModelPurified m = EventCodec.payload(await(Topics.PURIFIED, EventTypes.MODEL_PURIFIED, "job-dis-1", 1).get(0),
                ModelPurified.class);
        assertThat(m.method()).isEqualTo("bedkd");
        assertThat(m.selectedEpoch()).isBetween(1, 2);
        assertThat(m.epochs()).hasSize(2);
        // The trigger words came with the detection: every epoch measured the trigger's flips on validation.
        assertThat(m.epochs()).allSatisfy(e -> assertThat(e.triggerFlipRate()).isBetween(0.0, 100.0));
        var store = new org.bedkd.store.FileArtifactStore(TestStoreResource.prepared().root());
        var modelDir = store.verify(m.model().uri(), m.model().sha256());
        assertThat(m.model().uri()).startsWith("store:jobs/job-dis-1/distilling/attempt-");
        try (TextClassifier purified = Checkpoints.load(modelDir)) {
            assertThat(Checkpoints.readManifest(modelDir).metadata())
                    .containsEntry("parentSha256", TestStoreResource.prepared().victim().sha256());
            assertThat(purified.predict(List.of("a lovely film"), 1)).hasSize(1);
        }
        ModelCard card = EventCodec.MAPPER.readValue(Files.readAllBytes(store.verify(m.modelCard().uri(),
                m.modelCard().sha256())),
                ModelCard.class);
        assertThat(card.parent()).isEqualTo(TestStoreResource.prepared().victim());
        assertThat(card.datasets()).containsKeys("train", "clean");
        assertThat(card.config().at("/akd/punish").asText()).isEqualTo("NEUTRAL");
        assertThat(card.seed()).isEqualTo(7);
        assertThat(card.after()).isNull();
        // The class count the epochs were read at (two classes: matched by default) travels in the event and the card.
        assertThat(m.classShares()).isNotNull().isEqualTo(card.classShares());
        assertThat(m.classShares().matched()).isBetween(0, m.classShares().validationTexts());
        assertThat(m.classShares().shiftedClass()).as("two classes: the second, by its label name")
                .isEqualTo(LabelSchema.SST2.labelName(1));
        // The same purified model as a Hugging Face directory, every file hashed in the card, loadable again.
        var hfDir = store.verify(m.huggingFaceModel().uri(), m.huggingFaceModel().sha256());
        assertThat(card.huggingFace().directory()).isEqualTo(m.huggingFaceModel());
        assertThat(card.huggingFace().files()).containsKeys("config.json", "model.safetensors", "tokenizer.json");
        assertThat(org.bedkd.model.hf.ModelFormats.detect(hfDir))
                .isEqualTo(org.bedkd.model.hf.ModelFormats.Format.HUGGING_FACE);
        try (TextClassifier fromHf = org.bedkd.model.hf.ModelFormats.load(hfDir);
                TextClassifier fromCheckpoint = Checkpoints.load(modelDir)) {
            List<String> texts = List.of("a lovely film", "a dreary, overlong mess");
            assertThat(fromHf.probabilities(texts, 2)).isDeepEqualTo(fromCheckpoint.probabilities(texts, 2));
        }
        assertThat(await(Topics.PROGRESS, EventTypes.JOB_PROGRESSED, "job-dis-1", 1)).isNotEmpty();
    }

    @Test
    @Order(2)
    void aRedeliveredDetectionIsNotPurifiedTwice() throws Exception {
        String path = "jobs/job-dis-1/detecting/scores.csv";
        var prepared = TestStoreResource.prepared();
        var ref = TestStore.ref(new FileArtifactStore(prepared.root()).describe(ArtifactStore.uri(path)));
        kafka.send(Topics.DETECTIONS, EventCodec.wrap("/test", "job-dis-1", new DetectionCompleted("job-dis-1",
                prepared.spec(TestStore.FAST), prepared.victim(), ref,
                new DetectionSummary(300, 0.05f, "0.050", 50, 50, 0.0, 0.0, 30.0, 1.0, null, null, null), null, null)));
        List<Envelope> outcomes = await(Topics.PURIFIED, EventTypes.MODEL_PURIFIED, "job-dis-1", 2);
        assertThat(outcomes.get(1).id()).isEqualTo(outcomes.get(0).id());
    }

    @Test
    @Order(3)
    void badInputEndsTheJobWithAReasonAndPoisonPillsAreDeadLettered() throws Exception {
        kafka.send(Topics.DETECTIONS, detection("job-dis-bad", "no-such-row"));
        JobFailed f = EventCodec.payload(await(Topics.ERRORS, EventTypes.JOB_FAILED, "job-dis-bad", 1).get(0),
                JobFailed.class);
        assertThat(f.errorType()).isEqualTo("bad-input");
        assertThat(f.reason()).contains("flagged id 'no-such-row' is not in the training set");

        var tampered = detection("job-dis-tampered", null);
        DetectionCompleted d = EventCodec.payload(tampered, DetectionCompleted.class);
        var wrongHash = new DetectionCompleted(d.jobId(), d.spec(), d.dmm(),
                new ArtifactRef(d.scores().uri(), "0".repeat(64), d.scores().bytes()), d.summary(), d.resolved(),
                d.calibrationScores());
        kafka.send(Topics.DETECTIONS, EventCodec.wrap("/test", d.jobId(), wrongHash));
        JobFailed t = EventCodec.payload(await(Topics.ERRORS, EventTypes.JOB_FAILED, d.jobId(), 1).get(0),
                JobFailed.class);
        assertThat(t.errorType()).isEqualTo("artifact");
        assertThat(t.reason()).contains("sha256 mismatch");

        kafka.send(Topics.DETECTIONS, "pill", "{\"id\": 1}".getBytes(StandardCharsets.UTF_8));
        try (var consumer = kafka.consumer(List.of(Topics.DETECTIONS + Topics.DEAD_LETTER_SUFFIX))) {
            List<ConsumerRecord<String, byte[]>> dlq = KafkaTestClient.pollUntil(consumer, s -> !s.isEmpty(), WAIT);
            assertThat(dlq.get(0).key()).isEqualTo("pill");
        }
    }

    @Test
    @Order(3)
    void aDetectionResolvedDifferentlyIsRefusedNotPurified() throws Exception {
        // A detector of another version: another default for one setting, or another validation split.
        DetectionCompleted d = EventCodec.payload(detection("job-dis-config", null), DetectionCompleted.class);
        var otherConfig = d.resolved().config().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) otherConfig).put("trainRows", 250);
        kafka.send(Topics.DETECTIONS, EventCodec.wrap("/test", d.jobId(), d.withResolved(
                new ResolvedJob(otherConfig, d.resolved().splits(), null))));
        JobFailed config = EventCodec.payload(await(Topics.ERRORS, EventTypes.JOB_FAILED, d.jobId(), 1).get(0),
                JobFailed.class);
        assertThat(config.errorType()).isEqualTo("stage-mismatch");
        assertThat(config.reason()).contains("trainRows is 300 here, 250 upstream");

        DetectionCompleted e = EventCodec.payload(detection("job-dis-split", null), DetectionCompleted.class);
        var splits = new java.util.HashMap<>(e.resolved().splits());
        splits.put("validation", new ResolvedJob.SplitDigest(60, "0".repeat(64)));
        kafka.send(Topics.DETECTIONS, EventCodec.wrap("/test", e.jobId(), e.withResolved(
                new ResolvedJob(e.resolved().config(), splits, null))));
        JobFailed split = EventCodec.payload(await(Topics.ERRORS, EventTypes.JOB_FAILED, e.jobId(), 1).get(0),
                JobFailed.class);
        assertThat(split.errorType()).isEqualTo("stage-mismatch");
        assertThat(split.reason()).contains("another 'validation' split");
        assertThat(Files.exists(TestStoreResource.prepared().root().resolve("jobs/job-dis-split/distilling/model")))
                .isFalse();
    }

    @Test
    @Order(4)
    void aCancelledJobIsNotPurified() throws Exception {
        kafka.send(Topics.CONTROL, EventCodec.wrap("/test", "job-dis-cancel", new JobCancelled("job-dis-cancel", "test")));
        Thread.sleep(2000); // the control consumer of this instance starts from the latest offset
        kafka.send(Topics.CONTROL, EventCodec.wrap("/test", "job-dis-cancel", new JobCancelled("job-dis-cancel", "test")));
        Thread.sleep(1000);
        kafka.send(Topics.DETECTIONS, detection("job-dis-cancel", null));
        Metrics.awaitLine(() -> given().get("/q/metrics").asString(), "bedkd_jobs_total{outcome=\"cancelled\","
                + "service=\"distiller-service\",stage=\"distilling\"} 1.0", Duration.ofSeconds(60));
        var stageDir = TestStoreResource.prepared().root().resolve("jobs/job-dis-cancel/distilling");
        if (Files.exists(stageDir)) {
            try (var written = Files.walk(stageDir)) {
                assertThat(written.filter(f -> f.getFileName().toString().equals("model"))).isEmpty();
            }
        }
    }

    @Test
    @Order(5)
    void aCancellationThisReplicaNeverHeardOfIsHonouredFromTheStore() throws Exception {
        // What a replica that restarted after the control event finds: only the job API's durable marker.
        new org.bedkd.store.FileArtifactStore(TestStoreResource.prepared().root()).createIfAbsent(
                "jobs/job-dis-durable/cancelled.json", "{}".getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.DETECTIONS, detection("job-dis-durable", null));
        String cancelled = "bedkd_jobs_total{outcome=\"cancelled\",service=\"distiller-service\","
                + "stage=\"distilling\"} 2.0";
        Metrics.awaitLine(() -> given().get("/q/metrics").asString(), cancelled, Duration.ofSeconds(60));
        assertThat(TestStoreResource.prepared().root().resolve("jobs/job-dis-durable/distilling")).doesNotExist();
    }

    @Test
    @Order(6)
    void healthAndMetrics() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("bedkd_job_duration_seconds_bucket"))
                .body(containsString("bedkd_train_loss")).body(containsString("bedkd_akd_epoch_loss"));
    }
}
