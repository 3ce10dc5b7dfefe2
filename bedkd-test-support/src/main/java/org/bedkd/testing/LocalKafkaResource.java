package org.bedkd.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.bedkd.broker.LocalKafka;

/**
 * A real Apache Kafka broker (KRaft) process for {@code @QuarkusTest}s, on free loopback ports. Dev Services stay off.
 * The broker jars come from the kafka-broker module ({@code -Dbedkd.kafka.libs}, set by the services' surefire
 * configuration).
 */
public class LocalKafkaResource implements QuarkusTestResourceLifecycleManager {

    private static volatile LocalKafka kafka;

    @Override
    public Map<String, String> start() {
        String libs = System.getProperty(LocalKafka.LIBS_PROPERTY, "../kafka-broker/target/kafka-libs");
        kafka = LocalKafka.start(Path.of(libs), Duration.ofSeconds(90), -1);
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    /** The running broker (for tests that talk to Kafka directly or inject faults). */
    public static LocalKafka broker() {
        if (kafka == null) {
            throw new IllegalStateException("the local Kafka broker is not running");
        }
        return kafka;
    }
}
