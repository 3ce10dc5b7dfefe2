package org.bedkd.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the shared artifact store lives. */
@ConfigMapping(prefix = "bedkd.store")
public interface StoreConfig {

    /** Root directory of the artifact store (a ReadWriteMany volume in Kubernetes). Env: BEDKD_STORE_ROOT. */
    @WithDefault("target/artifacts")
    String root();
}
