package org.bedkd.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bedkd.broker.LocalKafka;
import org.bedkd.contracts.ArtifactRef;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.JobState;
import org.bedkd.contracts.Topics;
import org.bedkd.contracts.api.JobRequest;
import org.bedkd.contracts.api.JobStatus;
import org.bedkd.store.ArtifactStore;
import org.bedkd.store.FileArtifactStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack suite: the real stack (broker + the three fast-jars as processes, closed with a token as deployed) probed
 * as an outsider would, with plain HTTP. Each attack asserts the defensive answer and the store afterwards. The table
 * in results/RELIABILITY.md ("Security") names each test here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIT {

    @TempDir
    static Path work;

    static LocalStack stack;
    static JobClient api;
    static String evaluator;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static JobRequest request;
    static ArtifactRef suspect;

    @BeforeAll
    static void start() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String s : LocalStack.SERVICES) {
            ports.put(s, LocalKafka.freePort());
        }
        stack = LocalStack.start(Demo.repoRoot(), work, ports, Map.of(), Demo::say);
        api = new JobClient(stack.url("evaluator-service"), stack.token());
        evaluator = stack.url("evaluator-service");
        Demo demo = new Demo();
        demo.smoke = true;
        demo.profile = "quick";
        demo.seed = 42;
        request = demo.prepare(stack, api, work);
        suspect = request.suspectModel();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void swappingThePurifiedModelMidStageIsRefusedAndTheJobKeepsItsOwnOutput() throws Exception {
        api.submit(request.withJobId("sec-swap"));
        byte[] suspectZip = get(evaluator + "/artifacts/" + path(suspect.uri()), stack.token()).body();
        List<Integer> answers = new ArrayList<>();
        boolean sawDistilling = false;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        JobStatus status;
        do {
            status = api.status("sec-swap");
            sawDistilling |= status.state() == JobState.DISTILLING;
            // The attack of the original report: the suspect model planted as the distiller's output while it runs.
            answers.add(put("/artifacts/jobs/sec-swap/distilling/model?unzip=true", suspectZip, stack.token()));
            answers.add(put("/artifacts/jobs/sec-swap/distilling/event.json", "{}".getBytes(), stack.token()));
            Thread.sleep(200);
        } while (!status.state().isTerminal() && System.nanoTime() < deadline);
        assertThat(status.state()).isEqualTo(JobState.DONE);
        assertThat(answers).as("every planting attempt").containsOnly(403);
        Demo.say("security", "planting attempts: " + answers.size() + " (during DISTILLING: " + sawDistilling + ")");
        String purifiedUri = status.purifiedModel().uri();
        String purifiedSha = status.purifiedModel().sha256();
        assertThat(purifiedUri).startsWith("store:jobs/sec-swap/distilling/attempt-");
        assertThat(purifiedSha).isNotEqualTo(suspect.sha256());
        // What the store holds is what the distiller computed: the manifest's hash matches the event's claim.
        FileArtifactStore store = new FileArtifactStore(stack.store());
        assertThat(store.describe(purifiedUri).sha256()).isEqualTo(purifiedSha);
        try (var stageDir = Files.list(stack.store().resolve("jobs/sec-swap/distilling"))) {
            assertThat(stageDir.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("attempt-")))
                    .containsExactly("event.json");
        }
    }

    @Test
    @Order(2)
    void thePipelinesNamespacesCannotBeWrittenThroughTheApi() {
        for (String p : List.of("jobs/sec-swap/detecting/scores.csv", "jobs/sec-other/detecting/event.json",
                "jobs/sec-new/submitted.json", "jobs/sec-swap/cancelled.json", "screening/active.json", "x.csv")) {
            assertThat(put("/artifacts/" + p, "id,mepd\n".getBytes(), stack.token())).as(p).isEqualTo(403);
            assertThat(Files.exists(stack.store().resolve(p))).as("nothing written at %s", p).isFalse();
        }
        // A client that normalises the dots sends /artifacts/jobs/x.csv (403); one that does not, "..": 400.
        assertThat(put("/artifacts/uploads/../jobs/x.csv", "x".getBytes(), stack.token())).isIn(400, 403);
        assertThat(put("/artifacts/uploads/%2E%2E/jobs/x.csv", "x".getBytes(), stack.token())).isIn(400, 403);
        assertThat(Files.exists(stack.store().resolve("jobs/x.csv"))).isFalse();
    }

    @Test
    @Order(3)
    void nothingIsReadableOrWritableWithoutTheToken() throws Exception {
        for (String url : List.of(evaluator + "/jobs", evaluator + "/jobs/sec-swap", evaluator + "/jobs/sec-swap/report",
                evaluator + "/jobs/sec-swap/report.html",
                evaluator + "/artifacts/" + path(request.train().uri()),
                stack.url("detector-service") + "/screener")) {
            assertThat(get(url, null).statusCode()).as(url).isEqualTo(401);
            assertThat(get(url, "not-the-token").statusCode()).as(url).isEqualTo(401);
        }
        assertThat(put("/artifacts/uploads/x.csv", "x".getBytes(), null)).isEqualTo(401);
        assertThat(post("/jobs", EventCodec.toJson(request).getBytes(), null)).isEqualTo(401);
        assertThat(get(evaluator + "/q/health/ready", null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void aZipBombIsRefusedWhileItInflates() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("weights.params"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                z.write(zeros);
            }
            z.closeEntry();
        }
        assertThat(zip.size()).isLessThan(400_000);
        assertThat(put("/artifacts/uploads/bomb?unzip=true", zip.toByteArray(), stack.token())).isEqualTo(400);
        assertThat(Files.exists(stack.store().resolve("uploads/bomb"))).isFalse();
        try (var tmp = Files.list(stack.store().resolve(".tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    @Order(5)
    void oversizedMalformedAndOutOfRangeRequestsAre4xx() throws Exception {
        byte[] big = ("{\"pad\":\"" + "x".repeat(2 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(URI.create(evaluator + "/jobs"))
                .header("Authorization", "Bearer " + stack.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as("chunked 2 MiB").isEqualTo(413);
        // A misspelt field is sent as raw JSON: the shared record cannot express it, an outsider's client can.
        Map<String, Object> typo = EventCodec.MAPPER.convertValue(request.withJobId("sec-typo"),
                new TypeReference<LinkedHashMap<String, Object>>() { });
        typo.put("overides", typo.remove("overrides"));
        assertThat(post("/jobs", EventCodec.toJson(typo).getBytes(), stack.token())).isEqualTo(400);
        for (String[] kv : new String[][] {{"akdEpochs", "2147483647"}, {"trainRows", "-5"}, {"dmmAlpha", "NaN"},
            {"dmmLr", "Infinity"}, {"punishRatio", "1e308"}, {"dmmTemperature", "0"}}) {
            JobRequest r = request.withJobId("sec-range").withOverrides(Map.of(kv[0], kv[1]));
            assertThat(post("/jobs", EventCodec.toJson(r).getBytes(), stack.token())).as(kv[0]).isEqualTo(400);
        }
        // A trigger probe is inserted into test sentences and printed in reports: at most 200 characters, one line.
        for (String probe : new String[] {"x".repeat(201), "cf\nmn"}) {
            JobRequest r = request.withJobId("sec-probe").withTarget(1).withTriggerProbe(probe);
            assertThat(post("/jobs", EventCodec.toJson(r).getBytes(), stack.token())).as("triggerProbe").isEqualTo(400);
        }
        JobRequest reuse = request.withJobId("sec-swap").withSeed(43L);
        assertThat(post("/jobs", EventCodec.toJson(reuse).getBytes(), stack.token())).as("job id reuse").isEqualTo(409);
        assertThat(Files.exists(stack.store().resolve("jobs/sec-range"))).isFalse();
        assertThat(Files.exists(stack.store().resolve("jobs/sec-probe"))).isFalse();
    }

    @Test
    @Order(6)
    void aServiceWithoutATokenRefusesToStart() throws Exception {
        Path log = work.resolve("open-evaluator.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Demo.repoRoot().resolve("evaluator-service/target/quarkus-app/quarkus-run.jar").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("BEDKD_API_TOKEN");
        pb.environment().remove("BEDKD_INSECURE_LOCAL_DEMO");
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(LocalKafka.freePort()));
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        pb.environment().put("BEDKD_STORE_ROOT", work.resolve("open-store").toString());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("it exits").isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(Files.readString(log)).contains("refusing to start open").contains("no API token")
                .contains("Kafka without authentication");
    }

    @Test
    @Order(7)
    void kafkaRefusesStrangersAndEachServiceWritesOnlyItsOwnTopics() {
        // The local broker enforces the ACLs of deploy/base/kafka-users.yaml (LocalStack creates them from the file).
        Properties stranger = new Properties();
        stranger.put("bootstrap.servers", stack.bootstrapServers());
        assertThat(trySend(stranger, org.bedkd.contracts.Topics.JOBS)).as("no credentials")
                .isNotEqualTo("ok");
        Properties wrongPassword = stack.kafka().clientProperties("detector-service");
        wrongPassword.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"detector-service\" password=\"guess\";");
        assertThat(trySend(wrongPassword, org.bedkd.contracts.Topics.JOBS)).as("wrong password")
                .contains("SaslAuthenticationException");
        Properties detector = stack.kafka().clientProperties("detector-service");
        assertThat(trySend(detector, org.bedkd.contracts.Topics.PURIFIED)).as("detector forging a purified model")
                .contains("TopicAuthorizationException");
        assertThat(trySend(detector, org.bedkd.contracts.Topics.EVALUATIONS)).as("detector forging an evaluation")
                .contains("TopicAuthorizationException");
        Properties distiller = stack.kafka().clientProperties("distiller-service");
        assertThat(trySend(distiller, org.bedkd.contracts.Topics.JOBS)).as("distiller forging a job")
                .contains("TopicAuthorizationException");
        assertThat(trySend(distiller, org.bedkd.contracts.Topics.DETECTIONS)).as("distiller forging a detection")
                .contains("TopicAuthorizationException");
        // The same logins may write what their service writes (so the refusals above are the ACLs, not the test).
        assertThat(trySend(detector, org.bedkd.contracts.Topics.PROGRESS)).isEqualTo("ok");
        assertThat(trySend(distiller, org.bedkd.contracts.Topics.PROGRESS)).isEqualTo("ok");
    }

    @Test
    @Order(8)
    void theScreeningClientStreamsDataInAndReadsOnlyWhatCameOfIt() throws Exception {
        // The login a user's pipeline gets (KafkaUser screening-client): screening in; verdicts and refusals out.
        Properties client = stack.screeningClient();
        for (String topic : List.of(Topics.JOBS, Topics.DETECTIONS, Topics.SCREENING_CLEAN,
                Topics.SCREENING_QUARANTINE, Topics.SCREENING_IN + Topics.DEAD_LETTER_SUFFIX)) {
            assertThat(trySend(client, topic)).as("screening client forging %s", topic)
                    .contains("TopicAuthorizationException");
        }
        assertThat(tryRead(client, Topics.JOBS, "screening-client-snoop")).as("reading jobs")
                .contains("TopicAuthorizationException");
        assertThat(tryRead(client, Topics.SCREENING_CLEAN, "detector-service")).as("joining the detector's group")
                .contains("GroupAuthorizationException");
        // What it sends is never dropped: with no screener registered yet, it comes back refused, with the reason.
        assertThat(trySend(client, Topics.SCREENING_IN)).isEqualTo("ok");
        String reason = null;
        Properties cp = consumer(client, "screening-client-security");
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(cp)) {
            consumer.subscribe(List.of(Topics.SCREENING_IN + Topics.DEAD_LETTER_SUFFIX));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (reason == null && System.nanoTime() < until) {
                for (var r : consumer.poll(Duration.ofSeconds(1))) {
                    var h = r.headers().lastHeader("dead-letter-reason");
                    if ("security-probe".equals(r.key()) && h != null) {
                        reason = new String(h.value(), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        assertThat(reason).as("the refusal the client reads back").contains("no screener registered");
    }

    @Test
    @Order(9)
    void theScreenerTakesOnlyAKnownFilterAndAFinishedJob() throws Exception {
        String detector = stack.url("detector-service") + "/screener";
        assertThat(sendJson("PUT", detector, "{\"jobId\":\"sec-swap\",\"filter\":\"strip\"}", null))
                .as("no token").isEqualTo(401);
        for (String body : List.of("{\"jobId\":\"sec-swap\",\"filter\":\"rm -rf\"}",
                "{\"jobId\":\"../../jobs/sec-swap\",\"filter\":\"strip\"}",
                "{\"jobId\":\"no-such-job\",\"filter\":\"onion\"}",
                "{\"suspectModel\":{\"uri\":\"store:uploads/x\",\"sha256\":\"00\"},\"filter\":\"strip\"}",
                "{\"jobId\":\"sec-swap\",\"filter\":\"strip\",\"extra\":1}", "[]", "not json")) {
            assertThat(sendJson("PUT", detector, body, stack.token())).as(body).isBetween(400, 499);
        }
        assertThat(sendJson("GET", detector, null, stack.token())).as("nothing was registered").isEqualTo(404);
        String tooLong = "{\"records\":[{\"id\":\"a\",\"text\":\"" + "x".repeat(10_001) + "\"}]}";
        assertThat(sendJson("POST", detector + "/score", tooLong, stack.token())).isBetween(400, 499);
    }

    @Test
    @Order(10)
    void jobInputsOutsideTheStoreAndUnknownPrecisionsAreRefused() throws Exception {
        // This stack keeps artifacts on a filesystem: an s3:// reference cannot be read, nor can a path outside it.
        for (String uri : List.of("s3://someone-elses/secret.csv", "file:///etc/passwd", "store:../../etc/passwd",
                "store:uploads/%2E%2E/%2E%2E/etc/passwd", "http://169.254.169.254/latest/meta-data/")) {
            JobRequest r = request.withJobId("sec-ref")
                    .withTrain(new ArtifactRef(uri, request.train().sha256(), request.train().bytes()));
            assertThat(post("/jobs", EventCodec.toJson(r).getBytes(), stack.token())).as(uri).isBetween(400, 499);
        }
        for (String precision : List.of("fp64", "int8", "")) {
            JobRequest r = request.withJobId("sec-precision").withOverrides(Map.of("precision", precision));
            assertThat(post("/jobs", EventCodec.toJson(r).getBytes(), stack.token())).as(precision).isEqualTo(400);
        }
        assertThat(Files.exists(stack.store().resolve("jobs/sec-ref"))).isFalse();
        assertThat(Files.exists(stack.store().resolve("jobs/sec-precision"))).isFalse();
    }

    /** "ok", or the simple name of what stopped a one-record send (each bounded to a few seconds). */
    private static String trySend(Properties login, String topic) {
        Properties p = new Properties();
        p.putAll(login);
        p.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        p.put("value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        p.put("max.block.ms", "8000");
        p.put("request.timeout.ms", "4000");
        p.put("delivery.timeout.ms", "6000");
        p.put("retries", "0");
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(p)) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "security-probe",
                    "not an event".getBytes(StandardCharsets.UTF_8))).get(15, TimeUnit.SECONDS);
            return "ok";
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                    ? e.getCause() : e;
            return cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
    }

    /** "ok", or the simple name of what stopped reading a topic in a consumer group (bounded to a few seconds). */
    private static String tryRead(Properties login, String topic, String group) {
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(consumer(login, group))) {
            consumer.subscribe(List.of(topic));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(500));
            }
            return "ok";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static Properties consumer(Properties login, String group) {
        Properties p = new Properties();
        p.putAll(login);
        p.put("group.id", group);
        p.put("auto.offset.reset", "earliest");
        p.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        p.put("value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        return p;
    }

    private static int sendJson(String method, String url, String body, String token) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return send(HttpRequest.newBuilder(URI.create(url)).method(method, publisher)
                .header("Content-Type", "application/json"), token);
    }

    private static String path(String storeUri) {
        return storeUri.substring("store:".length());
    }

    private static HttpResponse<byte[]> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int put(String path, byte[] body, String token) {
        return send(HttpRequest.newBuilder(URI.create(evaluator + path)).PUT(HttpRequest.BodyPublishers
                .ofByteArray(body)).header("Content-Type", "application/octet-stream"), token);
    }

    private static int post(String path, byte[] body, String token) {
        return send(HttpRequest.newBuilder(URI.create(evaluator + path)).POST(HttpRequest.BodyPublishers
                .ofByteArray(body)).header("Content-Type", "application/json"), token);
    }

    private static int send(HttpRequest.Builder b, String token) {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
