package org.bedkd.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.KafkaCloudEvents;

/** Plain Kafka clients for tests: produce raw or enveloped records, collect records from topics. */
public final class KafkaTestClient implements AutoCloseable {

    private final String bootstrap;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaTestClient(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p);
    }

    public void send(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    /** Sends {@code envelope} as the services do: a CloudEvent in binary content mode, keyed by its subject. */
    public void send(String topic, Envelope envelope) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, envelope.subject(),
                KafkaCloudEvents.value(envelope));
        KafkaCloudEvents.headers(envelope).forEach((name, value) -> r.headers().add(name, value));
        send(r);
    }

    /** Sends {@code envelope} as versions before CloudEvents binary mode did: the JSON envelope as the value. */
    public void sendAsJsonEnvelope(String topic, Envelope envelope) {
        send(topic, envelope.subject(), EventCodec.encode(envelope));
    }

    private void send(ProducerRecord<String, byte[]> r) {
        try {
            producer.send(r).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + r.topic(), e);
        }
    }

    /** The event a consumed record carries (either encoding). */
    public static Envelope event(ConsumerRecord<String, byte[]> r) {
        return KafkaCloudEvents.decode(name -> {
            var h = r.headers().lastHeader(name);
            return h == null ? null : h.value();
        }, r.value());
    }

    /** The payload of the event a consumed record carries. */
    public static <T> T payload(ConsumerRecord<String, byte[]> r, Class<T> type) {
        return EventCodec.payload(event(r), type);
    }

    /** A consumer from the beginning of {@code topics} in a fresh group. */
    public KafkaConsumer<String, byte[]> consumer(Collection<String> topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p);
        c.subscribe(topics);
        return c;
    }

    /** Polls until {@code until} holds for the records seen so far, or fails after {@code timeout}. */
    public static List<ConsumerRecord<String, byte[]>> pollUntil(KafkaConsumer<String, byte[]> consumer,
            Predicate<List<ConsumerRecord<String, byte[]>>> until, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
            if (until.test(seen)) {
                return seen;
            }
        }
        throw new AssertionError("condition not met within " + timeout + "; saw " + seen.size() + " records: "
                + seen.stream().map(r -> r.topic() + "/" + r.key()).toList());
    }

    /**
     * Waits until {@code topic} holds at least {@code count} events of {@code type} for {@code subject} (from the
     * beginning of the topic) and returns them in order.
     */
    public List<Envelope> awaitEvents(String topic, String type, String subject, int count, Duration timeout) {
        try (KafkaConsumer<String, byte[]> c = consumer(List.of(topic))) {
            return events(pollUntil(c, seen -> events(seen, type, subject).size() >= count, timeout), type, subject);
        }
    }

    /** Records of {@code type} for {@code subject} among {@code records}. */
    public static List<Envelope> events(List<ConsumerRecord<String, byte[]>> records, String type, String subject) {
        List<Envelope> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                Envelope e = event(r);
                if (e.type().equals(type) && (subject == null || subject.equals(e.subject()))) {
                    out.add(e);
                }
            } catch (EventCodec.InvalidEventException ignored) {
                // poison pills and the like are asserted on elsewhere
            }
        }
        return out;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
