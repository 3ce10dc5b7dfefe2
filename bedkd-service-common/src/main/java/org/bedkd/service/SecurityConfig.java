package org.bedkd.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** {@code bedkd.security.*}: what a service accepts as safe. Closed by default: see {@link SecurityGate}. */
@ConfigMapping(prefix = "bedkd.security")
public interface SecurityConfig {

    /** Run open (no token, plaintext Kafka): only for a throwaway local demo (env BEDKD_INSECURE_LOCAL_DEMO). */
    @WithName("insecure-local-demo")
    @WithDefault("false")
    boolean insecureLocalDemo();

    /**
     * Accept {@code kafka.security.protocol=PLAINTEXT} while otherwise secure: for a broker on loopback or behind a
     * service mesh's mTLS (env BEDKD_KAFKA_PLAINTEXT_ALLOWED).
     */
    @WithName("kafka-plaintext-allowed")
    @WithDefault("false")
    boolean kafkaPlaintextAllowed();
}
