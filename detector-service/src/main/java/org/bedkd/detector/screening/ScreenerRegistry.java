package org.bedkd.detector.screening;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.bedkd.contracts.DetectionCompleted;
import org.bedkd.contracts.EventCodec;
import org.bedkd.data.LabelSchema;
import org.bedkd.defense.filter.InputFilter;
import org.bedkd.defense.filter.InputFilters;
import org.bedkd.detector.config.DetectorConfig;
import org.bedkd.detector.service.DetectionService;
import org.bedkd.model.TextClassifier;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.service.JobIds;
import org.bedkd.service.JobInputs;
import org.bedkd.service.StageRunner;
import org.bedkd.store.ArtifactStore;
import org.jboss.logging.Logger;

/**
 * The active screener. Its spec lives in the shared store ({@code screening/active.json}), so every detector replica
 * screens with the same pair; each replica reloads the models when the file changes.
 */
@ApplicationScoped
public class ScreenerRegistry {

    static final String ACTIVE = "screening/active.json";
    private static final Logger LOG = Logger.getLogger(ScreenerRegistry.class);

    private final JobInputs inputs;
    private final DetectorConfig config;
    private final StageRunner stages;
    private Screener loaded;
    private String loadedVersion;

    public ScreenerRegistry(JobInputs inputs, DetectorConfig config, StageRunner stages) {
        this.inputs = inputs;
        this.config = config;
        this.stages = stages;
    }

    /**
     * Registers the suspect model and DMM of a finished detection, and the inference-time filter {@code filter}
     * ({@code null}: none) fitted on that job's clean split.
     */
    public synchronized ScreenerSpec registerFromJob(String jobId, Float gamma, String filter) {
        DetectionCompleted d = detection(jobId);
        if (filter != null && !InputFilters.isFilter(filter)) {
            throw new IllegalArgumentException("unknown filter '" + filter + "'; one of " + InputFilters.NAMES);
        }
        return register(new ScreenerSpec(jobId, d.spec().suspectModel(), d.dmm(), d.spec().schema(),
                gamma != null ? gamma : d.summary().gamma(), d.spec().labels(),
                filter == null ? null : filter.strip().toLowerCase(java.util.Locale.ROOT),
                filter == null ? null : jobId,
                // A γ of the caller's own cuts every record; the job's applies where the detection fitted it.
                gamma != null ? null : d.summary().gammaLabel()));
    }

    private DetectionCompleted detection(String jobId) {
        JobIds.require(jobId);
        return EventCodec.payload(stages.outcome(jobId, DetectionService.STAGE).orElseThrow(
                () -> new IllegalArgumentException("job " + jobId + " has no finished detection to screen with")),
                DetectionCompleted.class);
    }

    /** Validates by loading both models, then makes the pair active for every replica. */
    public synchronized ScreenerSpec register(ScreenerSpec spec) {
        Screener s = load(spec);
        byte[] json = EventCodec.toJson(spec).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        inputs.store().replaceBytes(ACTIVE, json);
        swap(s, version());
        LOG.infof("screener %s registered (gamma %.3f, filter %s)", spec.id(), spec.gamma(), spec.filter());
        return spec;
    }

    /**
     * Loads the active screener when the replica starts (after the engine's threads are set, hence the priority), not
     * when the first batch arrives: a replica scaled up under load would otherwise hold its first batch for as long as
     * loading both models takes (seconds, measured in {@code results/RELIABILITY.md}). A screener that cannot be loaded
     * now is tried again by the first batch, whose records go to the dead-letter topic if it still cannot.
     */
    void loadAtStart(@Observes @Priority(3000) StartupEvent ev) {
        try {
            active();
        } catch (RuntimeException e) {
            LOG.warnf("the active screener could not be loaded at start (%s); the first batch will try again",
                    e.getMessage());
        }
    }

    /** The active screener, reloaded if another replica registered a new one; empty when none is registered. */
    public synchronized Optional<Screener> active() {
        String v = version();
        if (v == null) {
            return Optional.empty();
        }
        if (!v.equals(loadedVersion)) {
            byte[] json = inputs.store().read(ArtifactStore.uri(ACTIVE)).orElseThrow(() -> new IllegalStateException(
                    "the active screener was removed while being read"));
            try {
                long t0 = System.nanoTime();
                swap(load(EventCodec.MAPPER.readValue(json, ScreenerSpec.class)), v);
                LOG.infof("screener %s loaded in %.1f s", loaded.spec().id(), (System.nanoTime() - t0) / 1e9);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the active screener", e);
            }
        }
        return Optional.ofNullable(loaded);
    }

    public DetectorConfig.Screening settings() {
        return config.screening();
    }

    /** Checks the spec (also one read back from the store: the file is not trusted more than a request) and loads. */
    private Screener load(ScreenerSpec spec) {
        if (!(spec.gamma() > 0 && spec.gamma() <= 1)) {
            throw new IllegalArgumentException("gamma must be in (0, 1], was " + spec.gamma());
        }
        LabelSchema schema = spec.labelSchema();
        if (spec.gammaLabel() != null && !schema.contains(spec.gammaLabel())) {
            throw new IllegalArgumentException("gammaLabel " + spec.gammaLabel() + " is not a label of " + schema.name());
        }
        TextClassifier suspect = inputs.model(spec.suspectModel(), schema, "screener suspect model");
        try {
            InputFilter filter = spec.filter() == null ? null : fitFilter(spec, suspect);
            Screener screener = new Screener(spec, suspect, inputs.model(spec.dmm(), schema, "screener DMM"), filter);
            long start = System.nanoTime();
            screener.warmUp(config.screening().warmUpShapes());
            LOG.infof("screener %s warmed up in %.1f s", spec.id(), (System.nanoTime() - start) / 1e9);
            return screener;
        } catch (RuntimeException e) {
            suspect.close();
            throw e;
        }
    }

    /** The spec's filter, fitted on its job's few clean samples and validation split as the job resolved them. */
    private InputFilter fitFilter(ScreenerSpec spec, TextClassifier suspect) {
        if (!InputFilters.isFilter(spec.filter()) || spec.filterJob() == null) {
            throw new IllegalArgumentException("filter '" + spec.filter() + "' needs a known name and the job to fit"
                    + " it on; one of " + InputFilters.NAMES);
        }
        JobInputs.Resolved job = inputs.resolve(detection(spec.filterJob()).spec());
        ExperimentConfig c = job.config();
        return InputFilters.fit(spec.filter(), suspect, job.data().fewClean(), job.data().validation(),
                c.akd().caccTolerance(), c.seed(), c.evalBatchSize());
    }

    private void swap(Screener next, String version) {
        Screener previous = loaded;
        loaded = next;
        loadedVersion = version;
        if (previous != null) {
            previous.close();
        }
    }

    /** Content hash of the active spec, or null when none is registered. */
    private String version() {
        String uri = ArtifactStore.uri(ACTIVE);
        return inputs.store().exists(uri) ? inputs.store().describe(uri).sha256() : null;
    }

    @PreDestroy
    synchronized void close() {
        if (loaded != null) {
            loaded.close();
        }
    }
}
