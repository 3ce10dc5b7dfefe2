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
 * @param calibrationScores CSV of the clean calibration split's MEPD ({@code id,mepd,label}), lowest first: what the
 *     fitted γ read the scores against, so a flagging rule can be replayed on a stored job ({@code null} from detectors
 *     older than this field)
 */
@RecordBuilder
public record DetectionCompleted(String jobId, JobSpec spec, ArtifactRef dmm, ArtifactRef scores,
        DetectionSummary summary, ResolvedJob resolved, ArtifactRef calibrationScores)
        implements DetectionCompletedBuilder.With {
}
