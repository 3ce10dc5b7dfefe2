package org.bedkd.contracts;

import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * The detector trained the DMM and flagged samples.
 *
 * @param jobId job id
 * @param spec the job (carried so downstream stages need no lookup)
 * @param dmm DMM checkpoint
 * @param scores CSV of every sample's MEPD ({@code id,mepd,label,flagged,poisoned}), lowest first
 * @param summary detection facts
 * @param resolved the configuration and splits the detector used; the distiller refuses a job it would resolve
 *     differently ({@code null} only from detectors older than this field)
 */
@RecordBuilder
public record DetectionCompleted(String jobId, JobSpec spec, ArtifactRef dmm, ArtifactRef scores,
        DetectionSummary summary, ResolvedJob resolved)
        implements DetectionCompletedBuilder.With {
}
