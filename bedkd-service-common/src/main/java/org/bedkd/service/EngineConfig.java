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

    /**
     * PyTorch intra-op threads; 0: the processors this container may use. Env: BEDKD_ENGINE_THREADS, or BEDKD_THREADS
     * (the manifests' name).
     */
    @WithDefault("${BEDKD_THREADS:0}")
    int threads();
}
