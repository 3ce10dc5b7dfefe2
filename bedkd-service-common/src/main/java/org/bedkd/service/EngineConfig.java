package org.bedkd.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How this instance's models compute. */
@ConfigMapping(prefix = "bedkd.engine")
public interface EngineConfig {

    /**
     * fp32, bf16 or auto: bf16 where the CPU has avx512_bf16 or AMX, or on CUDA. A job's {@code precision} override
     * takes precedence for that job. Env: BEDKD_ENGINE_PRECISION.
     */
    @WithDefault("auto")
    String precision();
}
