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

    /** A zipped checkpoint may hold at most this many files (a checkpoint has 3; a Hugging Face directory about 8). */
    @WithDefault("64")
    int maxUnzipEntries();

    /** A zipped checkpoint may inflate to at most this many bytes in all. */
    @WithDefault("4294967296")
    long maxUnzipBytes();

    /**
     * ... and to at most this many times its own size (weights compress about 1.1:1, a tokenizer 4:1; a zip bomb
     * 1000:1 and more).
     */
    @WithDefault("50")
    double maxUnzipRatio();

    /** Jobs not yet finished, across all clients; a submission beyond this is refused with 429. */
    @WithDefault("100")
    int maxActiveJobs();

    /** Most jobs kept in the status view (oldest finished ones are dropped first). */
    @WithDefault("10000")
    int maxJobsInView();
}
