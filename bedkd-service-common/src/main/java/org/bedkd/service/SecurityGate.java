package org.bedkd.service;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Refuses to start a service that would run open: without an API token, or on an unauthenticated plaintext Kafka
 * connection (which would let anyone on the network forge job events and bypass the token). A local demo says so
 * explicitly with {@code BEDKD_INSECURE_LOCAL_DEMO=true}, and is then loudly logged as insecure.
 */
@ApplicationScoped
public class SecurityGate {

    private static final Logger LOG = Logger.getLogger(SecurityGate.class);
    /** 128 bits as hex: a token an attacker cannot guess (the demo generates 64 hex digits). */
    static final int MIN_TOKEN_CHARS = 32;

    private final ApiConfig api;
    private final SecurityConfig config;
    private final String kafkaProtocol;

    public SecurityGate(ApiConfig api, SecurityConfig config,
            @ConfigProperty(name = "kafka.security.protocol", defaultValue = "PLAINTEXT") String kafkaProtocol) {
        this.api = api;
        this.config = config;
        this.kafkaProtocol = kafkaProtocol;
    }

    void onStart(@Observes StartupEvent ev) {
        List<String> problems = problems(api, config, kafkaProtocol);
        if (config.insecureLocalDemo()) {
            if (!problems.isEmpty()) {
                LOG.warnf("INSECURE LOCAL DEMO MODE (BEDKD_INSECURE_LOCAL_DEMO=true): %s. Never run this way on a"
                        + " shared network.", String.join("; ", problems));
            }
            return;
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start open: " + String.join("; ", problems)
                    + ". Set BEDKD_API_TOKEN (at least " + MIN_TOKEN_CHARS + " characters, e.g. `openssl rand -hex 32`)"
                    + " and Kafka credentials (KAFKA_SECURITY_PROTOCOL=SASL_SSL, KAFKA_SASL_MECHANISM,"
                    + " KAFKA_SASL_JAAS_CONFIG), or BEDKD_INSECURE_LOCAL_DEMO=true for a throwaway local demo");
        }
    }

    /** What makes this configuration open; empty when it is closed. */
    static List<String> problems(ApiConfig api, SecurityConfig config, String kafkaProtocol) {
        List<String> out = new ArrayList<>();
        Optional<String> token = api.token().filter(t -> !t.isBlank());
        if (token.isEmpty()) {
            out.add("no API token (BEDKD_API_TOKEN)");
        } else if (token.get().strip().length() < MIN_TOKEN_CHARS) {
            out.add("the API token is shorter than " + MIN_TOKEN_CHARS + " characters");
        }
        api.readToken().filter(t -> !t.isBlank()).ifPresent(r -> {
            if (r.strip().length() < MIN_TOKEN_CHARS) {
                out.add("the read token is shorter than " + MIN_TOKEN_CHARS + " characters");
            }
            if (token.isPresent() && r.strip().equals(token.get().strip())) {
                out.add("the read token equals the API token");
            }
        });
        String protocol = kafkaProtocol == null ? "PLAINTEXT" : kafkaProtocol.strip().toUpperCase(Locale.ROOT);
        if ((protocol.isEmpty() || protocol.equals("PLAINTEXT")) && !config.kafkaPlaintextAllowed()) {
            out.add("Kafka without authentication (kafka.security.protocol=PLAINTEXT)");
        }
        return out;
    }
}
