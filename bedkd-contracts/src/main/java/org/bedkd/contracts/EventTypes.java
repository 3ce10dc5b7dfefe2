package org.bedkd.contracts;

import java.util.Map;

/** Envelope {@code type} values (dotted, past tense) and the payload class of each. */
public final class EventTypes {

    public static final String JOB_SUBMITTED = "bedkd.job.submitted";
    public static final String DETECTION_COMPLETED = "bedkd.detection.completed";
    public static final String MODEL_PURIFIED = "bedkd.model.purified";
    public static final String EVALUATION_COMPLETED = "bedkd.evaluation.completed";
    public static final String JOB_PROGRESSED = "bedkd.job.progressed";
    public static final String JOB_FAILED = "bedkd.job.failed";
    public static final String JOB_CANCELLED = "bedkd.job.cancelled";
    public static final String SCREENING_REQUESTED = "bedkd.screening.requested";
    public static final String SCREENING_SCORED = "bedkd.screening.scored";

    /** Payload class per type. */
    public static final Map<String, Class<?>> PAYLOADS = Map.of(JOB_SUBMITTED, JobSubmitted.class, DETECTION_COMPLETED,
            DetectionCompleted.class, MODEL_PURIFIED, ModelPurified.class, EVALUATION_COMPLETED,
            EvaluationCompleted.class, JOB_PROGRESSED, JobProgress.class, JOB_FAILED, JobFailed.class, JOB_CANCELLED,
            JobCancelled.class, SCREENING_REQUESTED, ScreeningRecord.class, SCREENING_SCORED, ScreeningVerdict.class);

    private EventTypes() {
    }

    /** The type that carries {@code payload}'s class. */
    public static String typeOf(Class<?> payload) {
        return PAYLOADS.entrySet().stream().filter(e -> e.getValue().equals(payload)).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event type for " + payload.getName()));
    }
}
