package org.bedkd.service;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the broker connection, answered within a bounded time. Quarkus' own Kafka check waits on
 * {@code describeCluster()} without a timeout, so while the broker is down {@code /q/health/ready} hung for the admin
 * client's 60 s API timeout instead of saying DOWN (found by the broker-restart fault test); a probe with a 1 s timeout
 * then only sees timeouts. This check asks with its own deadline and answers DOWN when it passes.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    private final String bootstrap;
    private final Duration timeout;
    private final Map<String, Object> kafkaConfig;
    private volatile AdminClient admin;

    public KafkaReadiness(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "bedkd.kafka-readiness-timeout", defaultValue = "PT2S") Duration timeout,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.bootstrap = bootstrap;
        this.timeout = timeout;
        this.kafkaConfig = kafkaConfig;
    }

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("kafka-broker");
        try {
            int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS).size();
            return b.status(nodes > 0).withData("nodes", nodes).withData("bootstrap", bootstrap).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return b.down().withData("reason", "interrupted").build();
        } catch (Exception e) {
            return b.down().withData("reason", "broker not reachable within " + timeout.toMillis() + " ms: "
                    + e.getClass().getSimpleName()).build();
        }
    }

    private AdminClient admin() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    Properties p = new Properties();
                    // The same login as every channel (kafka.security.protocol, kafka.sasl.*, kafka.ssl.*).
                    kafkaConfig.forEach((k, v) -> {
                        if (k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                            p.put(k, String.valueOf(v));
                        }
                    });
                    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "bedkd-readiness");
                    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
                    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
                    admin = AdminClient.create(p);
                }
            }
        }
        return admin;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
