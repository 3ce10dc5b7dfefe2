package org.bedkd.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.bedkd.contracts.ArtifactRef;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.JobSpec;
import org.bedkd.contracts.ResolvedJob;
import org.bedkd.data.Dataset;
import org.bedkd.data.DatasetReader;
import org.bedkd.data.LabelSchema;
import org.bedkd.data.ReadOptions;
import org.bedkd.model.CheckpointException;
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

    /**
     * Resolves the job as {@link #resolve} does and checks it against what the upstream stage resolved: the same
     * configuration, field by field, and the same rows in every split. A job from a detector older than
     * {@link ResolvedJob} ({@code upstream == null}) is resolved without the check.
     *
     * @throws StageMismatchException naming what differs
     */
    public Resolved resolveAs(JobSpec spec, ResolvedJob upstream) {
        Resolved own = resolve(spec);
        if (upstream == null) {
            return own;
        }
        List<String> differences = new ArrayList<>();
        jsonDifferences("", configTree(own.config()), upstream.config(), differences);
        if (!differences.isEmpty()) {
            throw new StageMismatchException("this stage resolves the job's configuration differently from the stage "
                    + "before it (different service versions?): " + String.join("; ", differences));
        }
        Map<String, ResolvedJob.SplitDigest> mine = digests(own.data());
        for (Map.Entry<String, ResolvedJob.SplitDigest> e : mine.entrySet()) {
            ResolvedJob.SplitDigest theirs = upstream.splits().get(e.getKey());
            if (!e.getValue().equals(theirs)) {
                throw new StageMismatchException("this stage derives another '" + e.getKey() + "' split than the "
                        + "stage before it: " + e.getValue() + " here, " + theirs + " upstream");
            }
        }
        return own;
    }

    /** What this stage resolved, for the next: the configuration and each split's digest ({@code splitIds}: ids). */
    public static ResolvedJob describe(Resolved r, ArtifactRef splitIds) {
        return new ResolvedJob(configTree(r.config()), digests(r.data()), splitIds);
    }

    /** The configuration as it reads back from an event (through JSON text: floats as doubles, infinity as text). */
    private static JsonNode configTree(ExperimentConfig config) {
        return EventCodec.tree(EventCodec.toJson(config));
    }

    /** Each split's row ids in order, as JSON ({@code splits.json}). */
    public static byte[] splitIds(Experiment.DefenderData d) {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        splits(d).forEach((name, set) -> ids.put(name, set.ids()));
        return EventCodec.toJson(ids).getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, ResolvedJob.SplitDigest> digests(Experiment.DefenderData d) {
        Map<String, ResolvedJob.SplitDigest> m = new LinkedHashMap<>();
        splits(d).forEach((name, set) -> m.put(name, new ResolvedJob.SplitDigest(set.size(), set.rowsDigest())));
        return m;
    }

    private static Map<String, Dataset> splits(Experiment.DefenderData d) {
        Map<String, Dataset> m = new LinkedHashMap<>();
        m.put("train", d.train());
        m.put("fewClean", d.fewClean());
        m.put("validation", d.validation());
        return m;
    }

    /** Paths where two JSON trees differ, with both values (objects compared field by field). */
    private static void jsonDifferences(String path, JsonNode mine, JsonNode theirs, List<String> out) {
        if (mine != null && theirs != null && mine.isObject() && theirs.isObject()) {
            Set<String> names = new TreeSet<>();
            mine.fieldNames().forEachRemaining(names::add);
            theirs.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                jsonDifferences(path.isEmpty() ? n : path + "." + n, mine.get(n), theirs.get(n), out);
            }
        } else if (!Objects.equals(mine, theirs)) {
            out.add(path + " is " + mine + " here, " + theirs + " upstream");
        }
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
