package org.bedkd.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.List;
import java.util.Map;

/**
 * The model card published next to every purified model ({@code model-card.json}): what a model registry needs to
 * register the purified model as a new version. Lineage (parent model and datasets by hash), the full configuration
 * and seed, what each stage measured, and (filled in by the evaluator) the before → after metrics and whether the
 * model passed the gates.
 *
 * @param name model name
 * @param jobId the purification job
 * @param method defense used
 * @param model the purified checkpoint
 * @param parent the suspect model it was purified from
 * @param datasets the artifacts it was trained and selected with (role → reference)
 * @param schema label schema
 * @param target attacker's target label when known
 * @param profile settings profile
 * @param seed master seed
 * @param config every effective setting
 * @param detection detection facts
 * @param selectedEpoch epoch kept (validation signals only)
 * @param withinCaccTolerance whether that epoch kept validation CACC within tolerance
 * @param suspectValidationCacc reference validation accuracy
 * @param epochs per-epoch statistics
 * @param before suspect model's test metrics (evaluator)
 * @param after purified model's test metrics (evaluator)
 * @param accepted whether the purified model passed the evaluation gates (evaluator)
 * @param createdAt ISO-8601
 * @param huggingFace the same purified model as a Hugging Face directory (format, architecture, every file's sha256)
 * @param classShares the class count the purification epochs were read at ({@code null} when not matched)
 */
@RecordBuilder
public record ModelCard(String name, String jobId, String method, ArtifactRef model, ArtifactRef parent,
        Map<String, ArtifactRef> datasets, String schema, Integer target, String profile, long seed, JsonNode config,
        DetectionSummary detection, int selectedEpoch, boolean withinCaccTolerance, double suspectValidationCacc,
        List<EpochStats> epochs, Scores before, Scores after, Boolean accepted, String createdAt,
        ExportedModel huggingFace, ClassShares classShares) implements ModelCardBuilder.With {

    /** The same card with the evaluator's before → after scores and verdict. */
    public ModelCard withEvaluation(Scores b, Scores a, boolean ok) {
        return with(c -> c.before(b).after(a).accepted(ok));
    }

    /** Builds a card by named fields (a card has too many for a positional call to stay readable). */
    public static ModelCardBuilder builder() {
        return ModelCardBuilder.builder().datasets(Map.of()).epochs(List.of());
    }
}
