package org.bedkd.contracts;

import java.util.List;
import java.util.Map;

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

    /**
     * Declared partition counts: jobs and their outcomes are keyed by job id (3 lets 3 replicas share the work),
     * screening is the high-volume stream (6), control is broadcast (1), dead-letter topics are for inspection (1).
     * Must agree with deploy/base/kafka-topics.yaml and docker/compose.yaml (checked by deploy-tests).
     */
    public static Map<String, Integer> partitions() {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        for (String t : all()) {
            m.put(t, t.endsWith(DEAD_LETTER_SUFFIX) || t.equals(CONTROL) ? 1 : t.startsWith("bedkd.screening") ? 6 : 3);
        }
        return m;
    }

    /**
     * The event types each topic carries (the AsyncAPI document is generated from this). {@link #SCREENING_IN} also
     * takes bare JSON records and plain strings (detector-service README); dead-letter topics carry what their
     * consumer could not use, with a {@code dead-letter-reason} header.
     */
    public static Map<String, List<String>> eventTypes() {
        Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        m.put(JOBS, List.of(EventTypes.JOB_SUBMITTED));
        m.put(DETECTIONS, List.of(EventTypes.DETECTION_COMPLETED));
        m.put(PURIFIED, List.of(EventTypes.MODEL_PURIFIED));
        m.put(EVALUATIONS, List.of(EventTypes.EVALUATION_COMPLETED));
        m.put(PROGRESS, List.of(EventTypes.JOB_PROGRESSED));
        m.put(ERRORS, List.of(EventTypes.JOB_FAILED));
        m.put(CONTROL, List.of(EventTypes.JOB_CANCELLED));
        m.put(SCREENING_IN, List.of(EventTypes.SCREENING_REQUESTED));
        m.put(SCREENING_CLEAN, List.of(EventTypes.SCREENING_SCORED));
        m.put(SCREENING_QUARANTINE, List.of(EventTypes.SCREENING_SCORED));
        return m;
    }

    /** Every topic the services use, dead-letter topics included (for provisioning and manifest checks). */
    public static List<String> all() {
        return List.of(JOBS, DETECTIONS, PURIFIED, EVALUATIONS, PROGRESS, ERRORS, CONTROL, SCREENING_IN, SCREENING_CLEAN,
                SCREENING_QUARANTINE, JOBS + DEAD_LETTER_SUFFIX, DETECTIONS + DEAD_LETTER_SUFFIX,
                PURIFIED + DEAD_LETTER_SUFFIX, SCREENING_IN + DEAD_LETTER_SUFFIX);
    }
}
