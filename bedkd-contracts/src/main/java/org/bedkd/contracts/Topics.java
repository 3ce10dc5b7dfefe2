package org.bedkd.contracts;

import java.util.List;

/** Default Kafka topic names (services read the actual names from config, so a rename is a config change). */
public final class Topics {

    /** Purification job requests ({@link JobSubmitted}), key = job id. */
    public static final String JOBS = "bedkd.jobs";
    /** Detection results ({@link DetectionCompleted}). */
    public static final String DETECTIONS = "bedkd.detections";
    /** Purified models ({@link ModelPurified}). */
    public static final String PURIFIED = "bedkd.purified";
    /** Before/after evaluations ({@link EvaluationCompleted}); what pipelines gate promotion on. */
    public static final String EVALUATIONS = "bedkd.evaluations";
    /** Stage progress ({@link JobProgress}). */
    public static final String PROGRESS = "bedkd.progress";
    /** Stage failures ({@link JobFailed}). */
    public static final String ERRORS = "bedkd.errors";
    /** Control events to every worker ({@link JobCancelled}). */
    public static final String CONTROL = "bedkd.control";
    /** Raw samples to screen ({@link ScreeningRecord}), key = record id. */
    public static final String SCREENING_IN = "bedkd.screening.in";
    /** Screened samples judged clean ({@link ScreeningVerdict}). */
    public static final String SCREENING_CLEAN = "bedkd.screening.clean";
    /** Screened samples judged poisoned ({@link ScreeningVerdict}). */
    public static final String SCREENING_QUARANTINE = "bedkd.screening.quarantine";
    /** Suffix of a consumer's dead-letter topic. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {
    }

    /** Every topic the services use, dead-letter topics included (for provisioning and manifest checks). */
    public static List<String> all() {
        return List.of(JOBS, DETECTIONS, PURIFIED, EVALUATIONS, PROGRESS, ERRORS, CONTROL, SCREENING_IN, SCREENING_CLEAN,
                SCREENING_QUARANTINE, JOBS + DEAD_LETTER_SUFFIX, DETECTIONS + DEAD_LETTER_SUFFIX,
                PURIFIED + DEAD_LETTER_SUFFIX, SCREENING_IN + DEAD_LETTER_SUFFIX);
    }
}
