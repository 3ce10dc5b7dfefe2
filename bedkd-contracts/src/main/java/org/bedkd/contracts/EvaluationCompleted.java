package org.bedkd.contracts;

/**
 * Before → after evaluation: the fact a pipeline gates promotion on.
 *
 * @param jobId job id
 * @param before the suspect model
 * @param after the purified model
 * @param detection detection facts
 * @param purifiedModel the purified checkpoint
 * @param modelCard the model card (updated with these metrics)
 * @param report the full report (JSON)
 * @param accepted whether the purified model passed the job's gates (CACC within tolerance; ASR not above the
 *     suspect's)
 * @param seconds evaluation time
 */
public record EvaluationCompleted(String jobId, Scores before, Scores after, DetectionSummary detection,
        ArtifactRef purifiedModel, ArtifactRef modelCard, ArtifactRef report, boolean accepted, double seconds) {
}
