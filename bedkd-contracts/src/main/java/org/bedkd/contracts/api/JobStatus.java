package org.bedkd.contracts.api;

import java.time.Instant;
import java.util.Map;
import org.bedkd.contracts.ArtifactRef;
import org.bedkd.contracts.DetectionSummary;
import org.bedkd.contracts.JobProgress;
import org.bedkd.contracts.JobSpec;
import org.bedkd.contracts.JobState;
import org.bedkd.contracts.Scores;

/**
 * What {@code GET /jobs/{id}} reports about a job (immutable snapshot; the evaluator's API and its clients share this
 * record).
 *
 * @param jobId job id
 * @param state current state
 * @param progress latest progress event
 * @param submittedAt when the job was accepted
 * @param updatedAt time of the latest event
 * @param spec the request
 * @param detection detection facts (after detection)
 * @param purifiedModel purified checkpoint (after distillation)
 * @param modelCard latest model card (after distillation; updated after evaluation)
 * @param selectedEpoch purification epoch kept
 * @param before suspect model's test metrics (after evaluation)
 * @param after purified model's test metrics (after evaluation)
 * @param accepted whether the purified model passed the gates (after evaluation)
 * @param report full report (after evaluation)
 * @param error failure or cancellation reason
 * @param stageSeconds time each finished stage spent in the model code (detecting, distilling, evaluating)
 * @param purifiedModelHuggingFace the purified model as a Hugging Face directory ({@code from_pretrained} loads it)
 */
public record JobStatus(String jobId, JobState state, JobProgress progress, Instant submittedAt, Instant updatedAt,
        JobSpec spec, DetectionSummary detection, ArtifactRef purifiedModel, ArtifactRef modelCard, Integer selectedEpoch,
        Scores before, Scores after, Boolean accepted, ArtifactRef report, JobError error,
        Map<String, Double> stageSeconds, ArtifactRef purifiedModelHuggingFace) {

    /**
     * @param stage stage that failed (or {@code cancelled})
     * @param reason message
     * @param type error class
     */
    public record JobError(String stage, String reason, String type) {
    }
}
