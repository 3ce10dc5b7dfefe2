package org.bedkd.service;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.KafkaCloudEvents;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Events onto Kafka records as CloudEvents in binary content mode (key = job id), and back. */
public final class EventIO {

    private EventIO() {
    }

    /** Sends an envelope keyed by its subject and waits for the broker's acknowledgement. */
    public static void send(MutinyEmitter<byte[]> emitter, Envelope envelope) {
        emitter.sendMessageAndAwait(record(envelope));
    }

    /**
     * Sends without waiting (best effort: progress). A broker that is away must not stall training: an awaited send
     * blocks for the producer's metadata wait (60 s) on every call.
     */
    public static void sendAndForget(MutinyEmitter<byte[]> emitter, String source, String subject, Object payload) {
        emitter.sendMessageAndForget(record(EventCodec.wrap(source, subject, payload)));
    }

    /** A Kafka record of an envelope, keyed by its subject (the job id: one partition keeps a job's events in order). */
    private static Message<byte[]> record(Envelope envelope) {
        return record(envelope, envelope.subject());
    }

    /** A CloudEvent in binary content mode ({@link KafkaCloudEvents}) under {@code key}. */
    public static Message<byte[]> record(Envelope envelope, String key) {
        RecordHeaders headers = new RecordHeaders();
        KafkaCloudEvents.headers(envelope).forEach(headers::add);
        return Message.of(KafkaCloudEvents.value(envelope)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key).withHeaders(headers).build());
    }

    /** Wraps and sends a payload. */
    public static Envelope send(MutinyEmitter<byte[]> emitter, String source, String subject, Object payload) {
        Envelope e = EventCodec.wrap(source, subject, payload);
        send(emitter, e);
        return e;
    }

    /**
     * The envelope of a consumed record.
     *
     * @throws EventCodec.InvalidEventException when it is not a usable event (the caller lets it go to the DLQ)
     */
    public static Envelope decode(ConsumerRecord<String, byte[]> record) {
        return KafkaCloudEvents.decode(name -> lastHeader(record, name), record.value());
    }

    private static byte[] lastHeader(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : h.value();
    }

    /** {@code /bedkd/<service>}, the envelope source of a service. */
    public static String source(String applicationName) {
        return "/bedkd/" + applicationName;
    }
}
