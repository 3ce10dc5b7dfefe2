package org.bedkd.contracts;

import java.util.List;

/**
 * The distiller produced a purified model.
 *
 * @param jobId job id
 * @param spec the job
 * @param detection detection facts
 * @param model purified checkpoint
 * @param modelCard model card JSON (lineage, config, metrics)
 * @param method defense used ({@code bedkd})
 * @param selectedEpoch epoch chosen on validation signals
 * @param withinCaccTolerance whether that epoch kept validation CACC within tolerance of the suspect model's
 * @param epochs per-epoch statistics
 * @param seconds purification time
 * @param huggingFaceModel the same model as a Hugging Face directory ({@code from_pretrained} loads it)
 * @param classShares the class count the epochs were read at ({@code null} when not matched, and from producers that
 *     predate it)
 */
public record ModelPurified(String jobId, JobSpec spec, DetectionSummary detection, ArtifactRef model,
        ArtifactRef modelCard, String method, int selectedEpoch, boolean withinCaccTolerance, List<EpochStats> epochs,
        double seconds, ArtifactRef huggingFaceModel, ClassShares classShares) {
}
