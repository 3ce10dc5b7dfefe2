package org.bedkd.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bedkd.charts.ReportColours;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.EventTypes;
import org.bedkd.contracts.JobState;
import org.bedkd.contracts.Topics;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system as separate processes: real broker, the three services' fast-jars, a job submitted over HTTP with
 * the demo's smoke settings, with each artifact store. Asserts the job ends DONE with a report, and that every stage produced exactly one
 * outcome event (no duplicated work) in the right order.
 */
class FullFlowIT {

    @TempDir
    Path work;

    /** Once with the shared-directory store, once with the S3 store on a real S3 server (S3Proxy). */
    @ParameterizedTest(name = "{0} store")
    @EnumSource(LocalStack.StoreKind.class)
    void aJobFlowsThroughAllThreeServices(LocalStack.StoreKind store) throws Exception {
        Demo demo = new Demo();
        demo.store = store;
        demo.smoke = true;
        demo.freePorts = true;
        demo.work = work;
        demo.profile = "quick";
        demo.seed = 42;
        demo.keepStackForTest = true;
        assertThat(demo.call()).isZero();
        try (LocalStack stack = demo.stack) {
            Demo.Result r = demo.result;
            assertThat(r.status().state()).isEqualTo(JobState.DONE);
            assertThat(r.status().accepted()).isNotNull();
            assertThat(r.reportMarkdown()).contains("| suspect (before) |").contains("| purified (after) |");
            assertThat(r.status().modelCard().uri())
                    .startsWith("store:jobs/" + r.jobId() + "/evaluating/attempt-");
            assertThat(stack.artifactStore().exists(r.status().modelCard().uri())).isTrue();
            var hf = r.status().purifiedModelHuggingFace();
            assertThat(stack.artifactStore().verify(hf.uri(), hf.sha256()).resolve("model.safetensors"))
                    .as("the purified model as a Hugging Face directory, checked against its claim").isRegularFile();
            if (store == LocalStack.StoreKind.S3) {
                assertThat(stack.store()).as("nothing on a shared filesystem").doesNotExist();
            }

            List<ConsumerRecord<String, byte[]>> events = readAll(stack.kafkaClient(), List.of(Topics.JOBS,
                    Topics.DETECTIONS, Topics.PURIFIED, Topics.EVALUATIONS, Topics.ERRORS));
            for (String type : List.of(EventTypes.JOB_SUBMITTED, EventTypes.DETECTION_COMPLETED,
                    EventTypes.MODEL_PURIFIED, EventTypes.EVALUATION_COMPLETED)) {
                long n = events.stream().filter(e -> r.jobId().equals(e.key()))
                        .filter(e -> CloudEventRecords.event(e).type().equals(type)).count();
                assertThat(n).as(type).isEqualTo(1);
            }
            assertThat(events.stream().filter(e -> e.topic().equals(Topics.ERRORS))).isEmpty();
            if (store == LocalStack.StoreKind.S3) {
                // The inputs were named where a user keeps them (their own bucket), read there and checked by sha256.
                var submitted = events.stream().filter(e -> r.jobId().equals(e.key()))
                        .filter(e -> CloudEventRecords.event(e).type().equals(EventTypes.JOB_SUBMITTED)).findFirst()
                        .map(e -> CloudEventRecords.payload(e, org.bedkd.contracts.JobSubmitted.class)).orElseThrow();
                assertThat(submitted.spec().suspectModel().uri()).startsWith("s3://" + LocalStack.USER_BUCKET + "/");
                assertThat(submitted.spec().train().uri()).startsWith("s3://" + LocalStack.USER_BUCKET + "/");
            }
            assertThat(r.seconds()).containsKeys("stage detecting", "stage distilling", "stage evaluating");
        }
        reportChartsRender(work.resolve("report.html"));
    }

    /**
     * The saved report page in a real browser: each chart's own colours must be on the screenshot, so each chart was
     * drawn, not only written. Skipped, saying why, without a chromium (.ci/run installs Debian's).
     */
    private void reportChartsRender(Path page) throws Exception {
        assertThat(page).isRegularFile();
        String html = java.nio.file.Files.readString(page);
        // Self-contained: no script and nothing fetched (SVG namespace URIs are names, not loads).
        assertThat(html).contains("<svg").doesNotContain("<script")
                .doesNotContainPattern("(?i)(src|href)\\s*=\\s*['\"]?(https?:)?//");
        Path chromium = HeadlessChromium.find().orElse(null);
        Assumptions.assumeTrue(chromium != null, "no chromium (set BEDKD_CHROMIUM or install Debian's chromium)");
        Path shots = java.nio.file.Files.createDirectories(work.resolve("browser"));
        BufferedImage shot = HeadlessChromium.screenshot(chromium, page, 1200, 5000, shots);
        Map<String, Color> oneColourEach = Map.of("MEPD histogram", ReportColours.HISTOGRAM.get(0),
                "FAR/FRR against gamma", ReportColours.RATES.get(0),
                "purification epochs", ReportColours.EPOCHS.get(0),
                "before/after", ReportColours.BEFORE_AFTER.get(1));
        oneColourEach.forEach((chart, colour) -> assertThat(HeadlessChromium.pixels(shot, colour, 6))
                .as("pixels of the %s chart's colour on the screenshot", chart).isGreaterThan(200));
    }

    static List<ConsumerRecord<String, byte[]>> readAll(Properties client, List<String> topics) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> out = new java.util.ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
            c.subscribe(topics);
            long idleSince = System.nanoTime();
            while (System.nanoTime() - idleSince < Duration.ofSeconds(5).toNanos()) {
                var batch = c.poll(Duration.ofMillis(500));
                if (!batch.isEmpty()) {
                    batch.forEach(out::add);
                    idleSince = System.nanoTime();
                }
            }
        }
        return out;
    }
}
