package org.bedkd.detector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** detector-service settings ({@code bedkd.detector.*}). */
@ConfigMapping(prefix = "bedkd.detector")
public interface DetectorConfig {

    /** Jobs one instance runs at a time (mirrors {@code smallrye.messaging.worker.bedkd-jobs.max-concurrency}). */
    @WithDefault("1")
    int maxConcurrentJobs();

    /** Streaming screening. */
    Screening screening();

    /** Streaming screening settings. */
    interface Screening {

        /** Default γ of a screener registered without one. */
        @WithDefault("0.05")
        float gamma();

        /** Records with longer texts go to the dead-letter topic. */
        @WithDefault("10000")
        int maxTextChars();

        /** The field holding the text in a bare JSON record (one that is not an event). */
        @WithDefault("text")
        String textField();

        /** The field holding a bare JSON record's id (optional in the record: else topic, partition and offset). */
        @WithDefault("id")
        String idField();

        /** Most records one synchronous scoring request may carry. */
        @WithDefault("1000")
        int maxRecordsPerRequest();

        /**
         * Whether a screener, when it loads, runs a full batch of every text length through both models, so that the
         * first minutes of records do not pay the engine's per-shape setup (16–17 s for MiniLM-L6 in bf16 on a 2-core
         * Xeon with AMX); off: one short pass.
         */
        @WithDefault("true")
        boolean warmUpShapes();
    }
}
