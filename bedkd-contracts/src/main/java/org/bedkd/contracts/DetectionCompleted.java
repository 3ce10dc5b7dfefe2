package org.bedkd.contracts;

/**
 * The detector trained the DMM and flagged samples.
 *
 * @param jobId job id
 * @param spec the job (carried so downstream stages need no lookup)
 * @param dmm DMM checkpoint
 * @param scores CSV of every sample's MEPD ({@code id,mepd,label,flagged,poisoned}), lowest first
 * @param summary detection facts
 */
public record DetectionCompleted(String jobId, JobSpec spec, ArtifactRef dmm, ArtifactRef scores,
        DetectionSummary summary) {
}
