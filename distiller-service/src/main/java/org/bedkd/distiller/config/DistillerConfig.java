package org.bedkd.distiller.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** distiller-service settings ({@code bedkd.distiller.*}). */
@ConfigMapping(prefix = "bedkd.distiller")
public interface DistillerConfig {

    /** {@code cpu} or {@code gpu} (env BEDKD_DISTILLER_DEVICE); gpu needs the CUDA image. */
    @WithDefault("cpu")
    String device();
}
