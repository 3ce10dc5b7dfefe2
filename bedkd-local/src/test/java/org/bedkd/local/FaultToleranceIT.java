package org.bedkd.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.bedkd.broker.LocalKafka;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.EventTypes;
import org.bedkd.contracts.JobProgress;
import org.bedkd.contracts.JobState;
import org.bedkd.contracts.Topics;
import org.bedkd.contracts.api.JobRequest;
import org.bedkd.contracts.api.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes against the real system: services as separate processes killed with SIGKILL in the middle of their stage,
 * and the broker killed and restarted in the middle of a job. Each job must end DONE (the unacknowledged event is
 * redelivered to the restarted replica, which redoes the interrupted stage) and each stage must have produced exactly
 * one distinct outcome event (the work was never done twice).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(6);

    @TempDir
    static Path work;

    private static LocalStack stack;
    private static JobClient api;
    private static JobRequest request;
    private static JobRequest smokeRequest;

    @BeforeAll
    static void startStack() {
        Demo demo = new Demo();
        demo.smoke = true;
        demo.profile = "quick";
        demo.seed = 42;
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String s : LocalStack.SERVICES) {
            ports.put(s, LocalKafka.freePort());
        }
        // A killed replica's partitions move to its successor once the broker gives up on it.
        stack = LocalStack.start(Demo.repoRoot(), work, ports, Map.of("BEDKD_KAFKA_SESSION_TIMEOUT_MS", "8000"),
                Demo::say);
        api = new JobClient(stack.url("evaluator-service"), stack.token());
        smokeRequest = demo.prepare(stack, api, work);
        // Stages long enough to be interrupted in the middle.
        request = withOverrides(smokeRequest, Map.of("dmmEpochs", "12", "akdEpochs", "6"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void detectorKilledDuringDetectionResumesAfterRestart() throws Exception {
        String job = submit();
        awaitPhase(job, JobState.DETECTING, Set.of("dmm", "mepd")::contains);
        stack.kill("detector-service");
        assertThat(distinct(job, outcomeEvents(job), EventTypes.DETECTION_COMPLETED))
                .as("killed before detection finished").isZero();
        stack.restart("detector-service");
        assertFinishedOnce(job);
    }

    @Test
    @Order(2)
    void distillerKilledDuringAkdResumesAfterRestart() throws Exception {
        String job = submit();
        awaitPhase(job, JobState.DISTILLING, phase -> !phase.equals("load")); // training, not reading inputs
        stack.kill("distiller-service");
        assertThat(distinct(job, outcomeEvents(job), EventTypes.MODEL_PURIFIED))
                .as("killed before purification finished").isZero();
        stack.restart("distiller-service");
        assertFinishedOnce(job);
    }

    @Test
    @Order(3)
    void brokerRestartDuringAJobTakesReadinessDownAndTheJobStillCompletes() throws Exception {
        String job = submit();
        awaitPhase(job, JobState.DETECTING, Set.of("dmm", "mepd")::contains);
        stack.kafka().kill();
        List<Integer> readiness = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && !readiness.contains(503)) {
            readiness.add(stack.readiness("distiller-service"));
            Thread.sleep(500);
        }
        assertThat(readiness).as("readiness of the distiller while the broker is down").contains(503);
        stack.kafka().restart(Duration.ofSeconds(90));
        deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline && status != 200) {
            Thread.sleep(500);
            status = stack.readiness("distiller-service");
        }
        assertThat(status).as("readiness after the broker is back").isEqualTo(200);
        assertFinishedOnce(job);
    }

    @Test
    @Order(4)
    void severalJobsSubmittedAtOnceQueueBehindTheBoundAndAllFinish() throws Exception {
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jobs.add(api.submit(smokeRequest).jobId());
        }
        for (String job : jobs) {
            assertFinishedOnce(job);
        }
        // Each replica runs one job per stage at a time (max-concurrency 1): per stage, the jobs' busy intervals (first
        // progress event → outcome event, both stamped by the one replica) must not overlap.
        List<Envelope> events = FullFlowIT.readAll(stack.kafkaClient(), List.of(Topics.PROGRESS,
                Topics.DETECTIONS, Topics.PURIFIED, Topics.EVALUATIONS)).stream()
                .filter(r -> jobs.contains(r.key())).map(r -> CloudEventRecords.event(r)).toList();
        Map<String, String> outcomeOf = Map.of("detecting", EventTypes.DETECTION_COMPLETED, "distilling",
                EventTypes.MODEL_PURIFIED, "evaluating", EventTypes.EVALUATION_COMPLETED);
        for (var stage : outcomeOf.entrySet()) {
            List<java.time.Instant[]> busy = new ArrayList<>();
            for (String job : jobs) {
                java.time.Instant start = events.stream().filter(e -> e.subject().equals(job))
                        .filter(e -> e.type().equals(EventTypes.JOB_PROGRESSED))
                        .filter(e -> stage.getKey().equals(e.data().path("stage").asText())).map(Envelope::time)
                        .min(java.util.Comparator.naturalOrder()).orElseThrow(() -> new AssertionError(job
                                + " has no " + stage.getKey() + " progress"));
                java.time.Instant end = events.stream().filter(e -> e.subject().equals(job))
                        .filter(e -> e.type().equals(stage.getValue())).map(Envelope::time).findFirst().orElseThrow();
                busy.add(new java.time.Instant[] {start, end});
            }
            busy.sort(java.util.Comparator.comparing(b -> b[0]));
            for (int i = 1; i < busy.size(); i++) {
                assertThat(busy.get(i)[0]).as("%s of the next job starts after the previous one ended", stage.getKey())
                        .isAfterOrEqualTo(busy.get(i - 1)[1]);
            }
            Demo.say("queue", stage.getKey() + " ran the 3 jobs one after another: " + busy.stream()
                    .map(b -> b[0] + "→" + b[1]).toList());
        }
    }

    @Test
    @Order(5)
    void aReplicaThatLosesItsPartitionMidStageCannotClobberTheNewOwnersRun() throws Exception {
        stack.addInstance("detector-service", "detector-service-2", LocalKafka.freePort());
        String job = submit();
        awaitPhase(job, JobState.DETECTING, Set.of("dmm", "mepd")::contains);
        String owner = instanceRunning(job, List.of("detector-service", "detector-service-2"));
        String other = owner.equals("detector-service") ? "detector-service-2" : "detector-service";
        // Frozen past the session timeout: the broker gives the job's partition to the other replica, which gets the
        // uncommitted job again and runs it while the first one is thawed and finishes its own run.
        stack.freeze(owner, true);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && !logMentions(other, job)) {
            Thread.sleep(500);
        }
        stack.freeze(owner, false);
        assertThat(logMentions(other, job)).as("the job was redelivered to %s", other).isTrue();
        Demo.say("fault", job + ": " + owner + " frozen and thawed mid-stage; " + other + " ran it again meanwhile");
        assertFinishedOnce(job);
        // One run's outputs, intact: the published detection names files whose content matches its sha256 claims.
        Envelope detection = outcomeEvents(job).stream().filter(e -> e.type().equals(EventTypes.DETECTION_COMPLETED))
                .findFirst().orElseThrow();
        var d = EventCodec.payload(detection, org.bedkd.contracts.DetectionCompleted.class);
        var store = new org.bedkd.store.FileArtifactStore(stack.store());
        store.verify(d.scores().uri(), d.scores().sha256());
        store.verify(d.dmm().uri(), d.dmm().sha256());
        try (var dmm = org.bedkd.model.Checkpoints.load(store.resolve(d.dmm().uri()))) {
            assertThat(dmm.schema().name()).isEqualTo("sst2");
        }
        // The attempt that lost the race to publish removed its own files, and only its own.
        Path stageDir = stack.store().resolve("jobs/" + job + "/detecting");
        deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        List<String> attempts = attempts(stageDir);
        while (System.nanoTime() < deadline && attempts.size() > 1) {
            Thread.sleep(1000);
            attempts = attempts(stageDir);
        }
        assertThat(attempts).hasSize(1);
        assertThat(d.dmm().uri()).contains(attempts.get(0));
        stack.kill("detector-service-2");
    }

    @Test
    @Order(6)
    void aFailureSentWhileTheBrokerIsDownIsRetriedUntilTheJobEndsFailed() throws Exception {
        // The detector fails any stage after 10 s (type timeout); its failure producer gives up on one send after 5 s.
        stack.kill("detector-service");
        stack.restart("detector-service", Map.of("BEDKD_JOB_MAX_STAGE_DURATION", "PT10S", "JAVA_TOOL_OPTIONS",
                "-Dmp.messaging.outgoing.errors-out.delivery.timeout.ms=5000"
                        + " -Dmp.messaging.outgoing.errors-out.request.timeout.ms=4000"
                        + " -Dmp.messaging.outgoing.errors-out.max.block.ms=5000"));
        // The most DMM epochs a job may ask for: the stage must still be running when its 10 s run out. With 200 it
        // once finished first on a fast machine, and the job ended DONE.
        String job = api.submit(withOverrides(request, Map.of("dmmEpochs", "1000"))).jobId();
        awaitPhase(job, JobState.DETECTING, Set.of("dmm")::contains);
        stack.kafka().kill();
        // Down for much longer than the producer's delivery timeout, across the moment the failure is sent.
        Thread.sleep(30_000);
        stack.kafka().restart(Duration.ofSeconds(90));
        JobStatus s = api.awaitEnd(job, JOB_TIMEOUT, Duration.ofSeconds(1), status -> {
        });
        assertThat(s.state()).isEqualTo(JobState.FAILED);
        assertThat(s.error().type()).isEqualTo("timeout");
        List<String> lines = Files.readAllLines(stack.logs().resolve("detector-service.log")).stream()
                .filter(l -> l.contains(job) || l.contains("Picked up JAVA_TOOL_OPTIONS")).toList();
        assertThat(lines).as("the failure was retried while the broker was down")
                .anyMatch(l -> l.contains("could not publish " + EventTypes.JOB_FAILED + " of job " + job));
        assertThat(Files.exists(stack.store().resolve("jobs/" + job + "/detecting/failed.json"))).isTrue();
        stack.kill("detector-service");
        stack.restart("detector-service");
    }

    private static List<String> attempts(Path stageDir) throws java.io.IOException {
        try (var files = Files.list(stageDir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("attempt-")).sorted().toList();
        }
    }

    /** The instance whose log shows it working on {@code job}. */
    private static String instanceRunning(String job, List<String> instances) throws java.io.IOException {
        List<String> running = new ArrayList<>();
        for (String i : instances) {
            if (logMentions(i, job)) {
                running.add(i);
            }
        }
        assertThat(running).as("replicas working on %s", job).hasSize(1);
        return running.get(0);
    }

    private static boolean logMentions(String instance, String text) throws java.io.IOException {
        Path log = stack.logs().resolve(instance + ".log");
        return Files.exists(log) && Files.readString(log).contains(text);
    }

    private static String submit() {
        return api.submit(request).jobId();
    }

    private static JobRequest withOverrides(JobRequest r, Map<String, String> more) {
        Map<String, String> overrides = new LinkedHashMap<>(r.overrides());
        overrides.putAll(more);
        return r.withOverrides(overrides);
    }

    /** Waits until the job is in {@code state} and reports a phase that {@code phase} accepts. */
    private static void awaitPhase(String job, JobState state, Predicate<String> phase) throws InterruptedException {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JobStatus s = api.status(job);
            JobProgress p = s.progress();
            if (s.state() == state && p != null && phase.test(p.phase())) {
                Demo.say("fault", job + " is " + state + "/" + p.phase() + ": " + p.message());
                return;
            }
            assertThat(s.state().isTerminal()).as("job ended before the fault: %s", s.state()).isFalse();
            Thread.sleep(200);
        }
        throw new AssertionError(job + " never reached the expected phase of " + state);
    }

    private static void assertFinishedOnce(String job) throws InterruptedException {
        JobStatus s = api.awaitEnd(job, JOB_TIMEOUT, Duration.ofSeconds(1), status -> {
        });
        assertThat(s.state()).as("final state of %s (error: %s)", job, s.error()).isEqualTo(JobState.DONE);
        List<Envelope> events = outcomeEvents(job);
        for (String type : List.of(EventTypes.DETECTION_COMPLETED, EventTypes.MODEL_PURIFIED,
                EventTypes.EVALUATION_COMPLETED)) {
            assertThat(distinct(job, events, type)).as("distinct " + type + " events of " + job).isEqualTo(1);
        }
    }

    /** The job's events on the stage-outcome topics, read from the beginning. */
    private static List<Envelope> outcomeEvents(String job) {
        return FullFlowIT.readAll(stack.kafkaClient(), List.of(Topics.DETECTIONS, Topics.PURIFIED,
                Topics.EVALUATIONS)).stream().filter(e -> job.equals(e.key())).map(e -> CloudEventRecords.event(e))
                .toList();
    }

    /**
     * Distinct outcome events of one type. A stage redelivered after it finished re-sends its stored outcome (same
     * event id) instead of running again, so copies are counted once; a redone stage would have a new id.
     */
    private static long distinct(String job, List<Envelope> events, String type) {
        List<String> ids = events.stream().filter(e -> e.type().equals(type)).map(Envelope::id).toList();
        if (ids.size() > 1) {
            Demo.say("fault", job + ": " + ids.size() + " copies of " + type + ", " + new java.util.HashSet<>(ids).size()
                    + " distinct (a redelivery re-sent the stored outcome)");
        }
        return ids.stream().distinct().count();
    }
}
