package org.bedkd.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** {@code bedkd.job.*}: how long a stage may run, and how hard a failure is pushed out. */
@ConfigMapping(prefix = "bedkd.job")
public interface JobLimits {

    /**
     * Wall-clock limit of one stage of one job on one instance (the paper profile takes about 45 minutes on 2 cores);
     * past it the job fails with error type {@code timeout}.
     */
    @WithName("max-stage-duration")
    @WithDefault("PT6H")
    Duration maxStageDuration();

    /**
     * How long an outcome or failure event is retried while the broker cannot take it. The event is stored first, so
     * even past this a redelivery re-sends it instead of losing the job.
     */
    @WithName("publish-retry-for")
    @WithDefault("PT30M")
    Duration publishRetryFor();
}
