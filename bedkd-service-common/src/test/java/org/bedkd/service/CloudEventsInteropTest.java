package org.bedkd.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.EventTypes;
import org.bedkd.contracts.JobCancelled;
import org.bedkd.contracts.Topics;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/** Our Kafka records against the CloudEvents Java SDK, both ways (issue #20: "any CloudEvents SDK"). */
class CloudEventsInteropTest {

    private static ConsumerRecord<String, byte[]> consumed(String key, Headers headers, byte[] value) {
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>(Topics.CONTROL, 0, 0L, key, value);
        headers.forEach(h -> r.headers().add(h));
        return r;
    }

    @Test
    void theSdkReadsOurRecordsAsBinaryModeCloudEvents() {
        Envelope e = EventCodec.wrap("/bedkd/evaluator-service", "job-1", new JobCancelled("job-1", "user asked"));
        Message<byte[]> m = EventIO.record(e, "job-1");
        Headers headers = m.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders();
        assertThat(headers.lastHeader("content-type").value()).asString(StandardCharsets.UTF_8)
                .isEqualTo("application/json");

        CloudEvent ce;
        try (CloudEventDeserializer sdk = new CloudEventDeserializer()) {
            ce = sdk.deserialize(Topics.CONTROL, headers, m.getPayload());
        }
        assertThat(ce.getSpecVersion().toString()).isEqualTo("1.0");
        assertThat(ce.getId()).isEqualTo(e.id());
        assertThat(ce.getType()).isEqualTo(EventTypes.JOB_CANCELLED);
        assertThat(ce.getSource()).isEqualTo(URI.create("/bedkd/evaluator-service"));
        assertThat(ce.getSubject()).isEqualTo("job-1");
        assertThat(ce.getTime().toInstant()).isEqualTo(e.time());
        assertThat(ce.getDataSchema()).isEqualTo(URI.create("urn:bedkd:schema:bedkd.job.cancelled:1.0"));
        assertThat(ce.getDataSchema().isAbsolute()).isTrue();
        assertThat(ce.getDataContentType()).isEqualTo("application/json");
        assertThat(EventCodec.tree(new String(ce.getData().toBytes(), StandardCharsets.UTF_8)))
                .isEqualTo(e.data());
    }

    @Test
    void weReadWhatTheSdkWrites() {
        CloudEvent ce = CloudEventBuilder.v1().withId("argo-42").withType(EventTypes.JOB_CANCELLED)
                .withSource(URI.create("https://argo.example/sensors/cancel")).withSubject("job-7")
                .withTime(OffsetDateTime.of(2026, 12, 2, 1, 2, 3, 0, ZoneOffset.ofHours(1)))
                .withDataSchema(URI.create(Envelope.schemaUri(EventTypes.JOB_CANCELLED)))
                .withDataContentType("application/json")
                .withData("{\"jobId\": \"job-7\", \"reason\": \"from a sensor\"}".getBytes(StandardCharsets.UTF_8))
                .build();
        Headers headers = new RecordHeaders();
        byte[] value;
        try (CloudEventSerializer sdk = new CloudEventSerializer()) {
            value = sdk.serialize(Topics.CONTROL, headers, ce);
        }
        Envelope e = EventIO.decode(consumed("job-7", headers, value));
        assertThat(e.id()).isEqualTo("argo-42");
        assertThat(e.source()).isEqualTo("https://argo.example/sensors/cancel");
        assertThat(e.time()).isEqualTo(java.time.Instant.parse("2026-12-02T00:02:03Z"));
        assertThat(EventCodec.payload(e, JobCancelled.class)).isEqualTo(new JobCancelled("job-7", "from a sensor"));
    }

    @Test
    void theJsonEnvelopeOfEarlierVersionsIsStillRead() {
        Envelope old = new Envelope("1.0", "old-1", EventTypes.JOB_CANCELLED, "/bedkd/evaluator-service",
                java.time.Instant.now(), "job-3", "1.0", EventCodec.tree("{\"jobId\": \"job-3\", \"reason\": \"r\"}"));
        Envelope e = EventIO.decode(consumed("job-3", new RecordHeaders(), EventCodec.encode(old)));
        assertThat(EventCodec.payload(e, JobCancelled.class).jobId()).isEqualTo("job-3");
    }

    @Test
    void aCloudEventWeCannotUseIsRefusedWithTheReason() {
        Envelope e = EventCodec.wrap("/test", "job-1", new JobCancelled("job-1", "r"));
        Message<byte[]> m = EventIO.record(e, "job-1");
        Headers good = m.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders();
        assertThatThrownBy(() -> EventIO.decode(consumed("k", with(good, "ce_specversion", "0.3"), m.getPayload())))
                .hasMessageContaining("specversion '0.3'");
        assertThatThrownBy(() -> EventIO.decode(consumed("k", with(good, "content-type", "application/avro"),
                m.getPayload()))).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> EventIO.decode(consumed("k", with(good, "ce_time", "yesterday"), m.getPayload())))
                .hasMessageContaining("RFC 3339");
        assertThatThrownBy(() -> EventIO.decode(consumed("k", with(good, "ce_dataschema",
                "urn:bedkd:schema:bedkd.job.cancelled:9.0"), m.getPayload()))).hasMessageContaining("9.0");
        assertThatThrownBy(() -> EventIO.decode(consumed("k", with(good, "ce_type", "com.example.other"),
                m.getPayload()))).hasMessageContaining("unknown event type");
        assertThatThrownBy(() -> EventIO.decode(consumed("k", good, "not json".getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("not JSON");
    }

    private static Headers with(Headers base, String name, String value) {
        Headers h = new RecordHeaders();
        base.forEach(x -> {
            if (!x.key().equals(name)) {
                h.add(x);
            }
        });
        h.add(name, value.getBytes(StandardCharsets.UTF_8));
        return h;
    }
}
