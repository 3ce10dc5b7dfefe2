package org.bedkd.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import org.bedkd.contracts.ArtifactRef;
import org.bedkd.contracts.JobSpec;
import org.bedkd.data.Dataset;
import org.bedkd.data.DatasetReader;
import org.bedkd.data.LabelSchema;
import org.bedkd.data.ReadOptions;
import org.bedkd.model.CheckpointException;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.TextClassifier;
import org.bedkd.model.hf.ModelFormats;
import org.bedkd.pipeline.Experiment;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.pipeline.Overrides;
import org.bedkd.pipeline.Profile;
import org.bedkd.store.ArtifactException;
import org.bedkd.store.ArtifactStore;
import org.bedkd.store.StoredArtifact;

/**
 * Turns a {@link JobSpec} into the core's inputs: verified artifacts (sha256 checked against the claim check), parsed
 * datasets, loaded models and the effective configuration. Every stage resolves the same spec the same way, so
 * the detector and the distiller derive identical clean splits.
 */
@ApplicationScoped
public class JobInputs {

    private final ArtifactStore store;

    public JobInputs(ArtifactStore store) {
        this.store = store;
    }

    public ArtifactStore store() {
        return store;
    }

    public LabelSchema schema(JobSpec spec) {
        return schemaOf(spec);
    }

    /** The job's classes: the model's own (from its id2label) when the spec lists them, else the named schema. */
    public static LabelSchema schemaOf(JobSpec spec) {
        if (spec.schema() == null) {
            throw new IllegalArgumentException("job spec lacks 'schema' (sst2, olid or agnews)");
        }
        return LabelSchema.of(spec.schema(), spec.labels());
    }

    /** The profile's settings with the job's overrides and seed. */
    public ExperimentConfig config(JobSpec spec) {
        ExperimentConfig base = Profile.parse(spec.profile() == null ? "quick" : spec.profile()).config();
        return Overrides.apply(base, spec.overrides()).withSeed(spec.seed());
    }

    /**
     * Loads a model (a checkpoint or a Hugging Face directory) after verifying its hash and that it classifies into
     * {@code schema} ({@code null}: any classes).
     */
    public TextClassifier model(ArtifactRef ref, LabelSchema schema, String role) {
        Path dir = verified(ref, role);
        TextClassifier model;
        try {
            model = ModelFormats.load(dir);
        } catch (CheckpointException e) {
            throw new IllegalArgumentException(role + ": " + e.getMessage(), e);
        }
        try {
            if (schema != null) {
                schema.requireCompatibleModel(model.schema(), role);
            }
        } catch (IllegalArgumentException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /** Reads a dataset artifact after verifying its hash; any bad row fails with its file and line. */
    public Dataset dataset(ArtifactRef ref, LabelSchema schema, String role) {
        Path file = verified(ref, role);
        Dataset d = DatasetReader.read(file, schema, ReadOptions.defaults()).dataset();
        return d.withSamples(role, d.samples());
    }

    /** The optional dataset, or {@code null}. */
    public Dataset optionalDataset(ArtifactRef ref, LabelSchema schema, String role) {
        return ref == null ? null : dataset(ref, schema, role);
    }

    /**
     * A job's effective settings and its defender-side data, derived the same way by every stage.
     *
     * @param config profile + overrides + seed
     * @param schema label schema
     * @param data training set, few-clean set and validation split
     */
    public record Resolved(ExperimentConfig config, LabelSchema schema, Experiment.DefenderData data) {
    }

    public Resolved resolve(JobSpec spec) {
        ExperimentConfig config = config(spec);
        return new Resolved(config, schema(spec), defenderData(spec, config));
    }

    public Experiment.DefenderData defenderData(JobSpec spec, ExperimentConfig config) {
        LabelSchema schema = schema(spec);
        return Experiment.defenderData(dataset(require(spec.train(), "train"), schema, "train"),
                dataset(require(spec.clean(), "clean"), schema, "clean"), config);
    }

    /** Resolves an artifact and checks its sha256. */
    public Path verified(ArtifactRef ref, String role) {
        require(ref, role);
        try {
            return store.verify(ref.uri(), ref.sha256());
        } catch (ArtifactException e) {
            throw new ArtifactException(role + ": " + e.getMessage(), e);
        }
    }

    public static ArtifactRef ref(StoredArtifact a) {
        return new ArtifactRef(a.uri(), a.sha256(), a.bytes());
    }

    private static ArtifactRef require(ArtifactRef ref, String role) {
        if (ref == null || ref.uri() == null) {
            throw new IllegalArgumentException("job spec lacks the '" + role + "' artifact");
        }
        return ref;
    }

    /** {@code jobs/<jobId>/<stage>/<name>}: where a stage of a job writes. */
    public static String jobPath(String jobId, String stage, String name) {
        return jobPath(jobId, stage + (name.isEmpty() ? "" : "/" + name));
    }

    /** {@code jobs/<jobId>/<name>}: the job's own files (the id claim, the cancellation), written by the job API. */
    public static String jobPath(String jobId, String name) {
        return "jobs/" + JobIds.require(jobId) + "/" + name;
    }
}
