package org.bedkd.local;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.KafkaCloudEvents;

/** Events on plain Kafka clients (the load bench, the stack's tests), encoded as the services encode them. */
public final class CloudEventRecords {

    private CloudEventRecords() {
    }

    /** {@code e} as a CloudEvent in binary content mode under {@code key}. */
    public static ProducerRecord<String, byte[]> record(String topic, String key, Envelope e) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, KafkaCloudEvents.value(e));
        KafkaCloudEvents.headers(e).forEach((name, value) -> r.headers().add(name, value));
        return r;
    }

    /** The event a consumed record carries. */
    public static Envelope event(ConsumerRecord<String, byte[]> r) {
        return KafkaCloudEvents.decode(name -> {
            Header h = r.headers().lastHeader(name);
            return h == null ? null : h.value();
        }, r.value());
    }

    public static <T> T payload(ConsumerRecord<String, byte[]> r, Class<T> type) {
        return EventCodec.payload(event(r), type);
    }
}
