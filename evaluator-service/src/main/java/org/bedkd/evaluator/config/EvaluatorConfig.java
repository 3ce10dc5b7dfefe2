package org.bedkd.evaluator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** evaluator-service settings ({@code bedkd.evaluator.*}). */
@ConfigMapping(prefix = "bedkd.evaluator")
public interface EvaluatorConfig {

    /** Gate: the purified model may lose at most this many CACC points on the clean test set. */
    @WithDefault("2.0")
    double maxCaccDrop();

    /**
     * Largest artifact upload accepted by PUT /artifacts, in bytes (also bounded by quarkus.http.limits.max-body-size);
     * a MiniLM checkpoint is about 90 MB, a BERT-base one about 440 MB.
     */
    @WithDefault("1073741824")
    long maxUploadBytes();

    /** Most jobs kept in the status view (oldest finished ones are dropped first). */
    @WithDefault("10000")
    int maxJobsInView();
}
