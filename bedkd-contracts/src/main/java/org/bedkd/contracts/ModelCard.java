package org.bedkd.contracts;

import com.fasterxml.jackson.databind.JsonNode;
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
 */
public record ModelCard(String name, String jobId, String method, ArtifactRef model, ArtifactRef parent,
        Map<String, ArtifactRef> datasets, String schema, Integer target, String profile, long seed, JsonNode config,
        DetectionSummary detection, int selectedEpoch, boolean withinCaccTolerance, double suspectValidationCacc,
        List<EpochStats> epochs, Scores before, Scores after, Boolean accepted, String createdAt,
        ExportedModel huggingFace) {

    /** The same card with the evaluator's before → after scores and verdict. */
    public ModelCard withEvaluation(Scores b, Scores a, boolean ok) {
        return toBuilder().before(b).after(a).accepted(ok).build();
    }

    /** A builder holding this card's values. */
    public Builder toBuilder() {
        return new Builder().name(name).jobId(jobId).method(method).model(model).parent(parent).datasets(datasets)
                .schema(schema).target(target).profile(profile).seed(seed).config(config).detection(detection)
                .selectedEpoch(selectedEpoch).withinCaccTolerance(withinCaccTolerance)
                .suspectValidationCacc(suspectValidationCacc).epochs(epochs).before(before).after(after)
                .accepted(accepted).createdAt(createdAt).huggingFace(huggingFace);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a card by named fields: a card has too many for a positional call to stay readable. */
    public static final class Builder {
        private String name;
        private String jobId;
        private String method;
        private ArtifactRef model;
        private ArtifactRef parent;
        private Map<String, ArtifactRef> datasets = Map.of();
        private String schema;
        private Integer target;
        private String profile;
        private long seed;
        private JsonNode config;
        private DetectionSummary detection;
        private int selectedEpoch;
        private boolean withinCaccTolerance;
        private double suspectValidationCacc;
        private List<EpochStats> epochs = List.of();
        private Scores before;
        private Scores after;
        private Boolean accepted;
        private String createdAt;
        private ExportedModel huggingFace;

        private Builder() {
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder jobId(String v) {
            jobId = v;
            return this;
        }

        public Builder method(String v) {
            method = v;
            return this;
        }

        public Builder model(ArtifactRef v) {
            model = v;
            return this;
        }

        public Builder parent(ArtifactRef v) {
            parent = v;
            return this;
        }

        public Builder datasets(Map<String, ArtifactRef> v) {
            datasets = v;
            return this;
        }

        public Builder schema(String v) {
            schema = v;
            return this;
        }

        public Builder target(Integer v) {
            target = v;
            return this;
        }

        public Builder profile(String v) {
            profile = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder config(JsonNode v) {
            config = v;
            return this;
        }

        public Builder detection(DetectionSummary v) {
            detection = v;
            return this;
        }

        public Builder selectedEpoch(int v) {
            selectedEpoch = v;
            return this;
        }

        public Builder withinCaccTolerance(boolean v) {
            withinCaccTolerance = v;
            return this;
        }

        public Builder suspectValidationCacc(double v) {
            suspectValidationCacc = v;
            return this;
        }

        public Builder epochs(List<EpochStats> v) {
            epochs = v;
            return this;
        }

        public Builder before(Scores v) {
            before = v;
            return this;
        }

        public Builder after(Scores v) {
            after = v;
            return this;
        }

        public Builder accepted(Boolean v) {
            accepted = v;
            return this;
        }

        public Builder createdAt(String v) {
            createdAt = v;
            return this;
        }

        public Builder huggingFace(ExportedModel v) {
            huggingFace = v;
            return this;
        }

        public ModelCard build() {
            return new ModelCard(name, jobId, method, model, parent, datasets, schema, target, profile, seed, config,
                    detection, selectedEpoch, withinCaccTolerance, suspectValidationCacc, epochs, before, after,
                    accepted, createdAt, huggingFace);
        }
    }
}
