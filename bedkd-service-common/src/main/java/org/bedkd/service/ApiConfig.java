package org.bedkd.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Optional;

/** {@code bedkd.api.*}: who may call the HTTP API, and how much JSON it reads. */
@ConfigMapping(prefix = "bedkd.api")
public interface ApiConfig {

    /** Token for every call but {@code /q/*} (env BEDKD_API_TOKEN); required unless insecure-local-demo. */
    Optional<String> token();

    /** Optional token that allows only GET/HEAD (env BEDKD_API_READ_TOKEN): for dashboards and auditors. */
    @WithName("read-token")
    Optional<String> readToken();

    /** Largest JSON request body read, chunked or not (a job request is a few hundred bytes). */
    @WithName("max-json-bytes")
    @WithDefault("1048576")
    long maxJsonBytes();
}
