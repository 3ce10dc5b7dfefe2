package org.bedkd.evaluator.service;

import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import org.bedkd.contracts.ArtifactRef;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.EventTypes;
import org.bedkd.contracts.JobCancelled;
import org.bedkd.contracts.JobSpec;
import org.bedkd.contracts.JobSpecBuilder;
import org.bedkd.contracts.JobSubmitted;
import org.bedkd.contracts.api.JobRequest;
import org.bedkd.contracts.api.JobStatus;
import org.bedkd.data.Dataset;
import org.bedkd.data.LabelSchema;
import org.bedkd.evaluator.config.EvaluatorConfig;
import org.bedkd.evaluator.view.JobView;
import org.bedkd.pipeline.Experiment;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.service.Cancellations;
import org.bedkd.service.EventIO;
import org.bedkd.service.JobIds;
import org.bedkd.service.JobInputs;
import org.bedkd.service.ServiceMetrics;
import org.bedkd.store.ArtifactStore;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Accepts jobs: validates everything that can be checked up front (so bad input is a 4xx now, not a failed job
 * later), pins artifact hashes, publishes {@code JobSubmitted} and records it in the view.
 */
@ApplicationScoped
public class JobSubmission {

    /** Longest trigger probe accepted (an inserted sentence fits). */
    static final int MAX_TRIGGER_PROBE = 200;

    /** A job id reused with a different request. */
    public static final class ConflictException extends RuntimeException {
        public ConflictException(String message) {
            super(message);
        }
    }

    /** Too many jobs are running: the client should retry later (429). */
    public static final class TooManyJobsException extends RuntimeException {
        public TooManyJobsException(String message) {
            super(message);
        }
    }

    private final JobInputs inputs;
    private final JobView view;
    private final ServiceMetrics metrics;
    private final MutinyEmitter<byte[]> jobs;
    private final MutinyEmitter<byte[]> control;
    private final Cancellations cancellations;
    private final EvaluatorConfig config;
    /** One submission per job id at a time in this instance (striped); across instances the store's claim decides. */
    private final Object[] locks = new Object[64];

    public JobSubmission(JobInputs inputs, JobView view, ServiceMetrics metrics,
            @Channel("jobs-out") MutinyEmitter<byte[]> jobs, @Channel("control-out") MutinyEmitter<byte[]> control,
            Cancellations cancellations, EvaluatorConfig config) {
        this.cancellations = cancellations;
        this.config = config;
        java.util.Arrays.setAll(locks, i -> new Object());
        this.inputs = inputs;
        this.view = view;
        this.metrics = metrics;
        this.jobs = jobs;
        this.control = control;
    }

    /**
     * Claims the job id durably and publishes the job. The claim ({@code jobs/<id>/submitted.json}, holding the
     * JobSubmitted event) is an atomic create in the store, so of any number of concurrent submissions of one id, on
     * any number of replicas, exactly one publishes; an id is never reused, even after the view forgot the job.
     *
     * @return the job's status and whether it was newly created (false: an identical earlier submission)
     */
    public Submitted submit(JobRequest r) {
        if (r == null) {
            throw new IllegalArgumentException("request body is required");
        }
        String jobId = r.jobId() != null ? JobIds.require(r.jobId()) : JobIds.newId();
        synchronized (locks[Math.floorMod(jobId.hashCode(), locks.length)]) {
            return submitLocked(jobId, r);
        }
    }

    private Submitted submitLocked(String jobId, JobRequest r) {
        var known = view.get(jobId);
        if (known.isPresent() && known.get().spec() != null) {
            JobSpec spec = validate(r);
            if (spec.equals(known.get().spec())) {
                return new Submitted(known.get(), false);
            }
            throw new ConflictException("job " + jobId + " exists with a different request");
        }
        long active = view.counts().entrySet().stream().filter(c -> !c.getKey().isTerminal())
                .mapToLong(Map.Entry::getValue).sum();
        if (active >= config.maxActiveJobs()) {
            throw new TooManyJobsException(active + " jobs are queued or running (at most " + config.maxActiveJobs()
                    + "); retry when some have finished");
        }
        JobSpec spec = validate(r);
        Envelope e = EventCodec.wrap(EventIO.source(metrics.service()), jobId, new JobSubmitted(jobId, spec));
        String claim = claimPath(jobId);
        Optional<byte[]> earlier = inputs.store().createIfAbsent(claim, EventCodec.encode(e));
        if (earlier.isPresent()) {
            Envelope first = EventCodec.decode(earlier.get());
            if (!EventTypes.JOB_SUBMITTED.equals(first.type()) || !jobId.equals(first.subject())
                    || !spec.equals(EventCodec.payload(first, JobSubmitted.class).spec())) {
                throw new ConflictException("job id " + jobId + " was used before with a different request; job ids"
                        + " are never reused");
            }
            if (view.get(jobId).isEmpty()) {
                // The first submission's send failed (its client got a 5xx), or another replica's is still in
                // flight: sending the same envelope (same id) again is safe, as every consumer drops duplicates.
                EventIO.send(jobs, first);
                view.apply(first);
            }
            return new Submitted(view.get(jobId).orElseThrow(), false);
        }
        EventIO.send(jobs, e);
        view.apply(e);
        return new Submitted(view.get(jobId).orElseThrow(), true);
    }

    static String claimPath(String jobId) {
        return JobInputs.jobPath(jobId, "submitted.json");
    }

    /** Result of {@link #submit}. */
    public record Submitted(JobStatus status, boolean created) {
    }

    /** Publishes a cancellation; the view and every worker pick it up from the control topic. */
    public JobStatus cancel(String jobId, String reason) {
        JobStatus s = view.get(jobId).orElseThrow(() -> new jakarta.ws.rs.NotFoundException("no job " + jobId));
        if (s.state().isTerminal()) {
            throw new ConflictException("job " + jobId + " is already " + s.state());
        }
        cancellations.cancelDurably(jobId, reason); // a replica that restarts later still honours it
        Envelope e = EventCodec.wrap(EventIO.source(metrics.service()), jobId, new JobCancelled(jobId, reason));
        EventIO.send(control, e);
        view.apply(e);
        return view.get(jobId).orElseThrow();
    }

    private JobSpec validate(JobRequest r) {
        ArtifactRef suspect = pin(r.suspectModel(), "suspectModel");
        // Loaded once, fully (every file's hash, the configuration's bounds, every tensor's shape), so a corrupt or
        // mismatched model is a 400 now rather than a failed job later; without a schema, its classes are the job's.
        LabelSchema schema;
        try (var model = inputs.model(suspect, null, "suspectModel")) {
            schema = r.schema() != null ? LabelSchema.named(r.schema()) : modelSchema(model.schema());
            schema.requireCompatibleModel(model.schema(), "suspectModel");
        }
        if (r.target() != null && !schema.contains(r.target())) {
            throw new IllegalArgumentException("target " + r.target() + " is outside schema " + schema.name() + " "
                    + schema.labels());
        }
        if (r.testTriggered() != null && r.target() == null) {
            throw new IllegalArgumentException("'target' is required to measure ASR on testTriggered");
        }
        if (r.triggerProbe() != null) {
            checkTriggerProbe(r.triggerProbe(), r.target());
        }
        JobSpecBuilder b = JobSpec.builder().suspectModel(suspect).train(pin(r.train(), "train"))
                .clean(pin(r.clean(), "clean")).testClean(pinOptional(r.testClean(), "testClean"))
                .testTriggered(pinOptional(r.testTriggered(), "testTriggered")).schema(schema.name()).target(r.target())
                .labels(r.schema() == null ? schema.labels() : null).triggerProbe(r.triggerProbe());
        Optional.ofNullable(r.profile()).ifPresent(b::profile);
        Optional.ofNullable(r.seed()).ifPresent(b::seed);
        Optional.ofNullable(r.overrides()).ifPresent(b::overrides);
        JobSpec spec = b.build();
        ExperimentConfig config = inputs.config(spec);
        Dataset train = inputs.dataset(spec.train(), schema, "train");
        Dataset clean = inputs.dataset(spec.clean(), schema, "clean");
        Experiment.defenderData(train, clean, config);
        inputs.optionalDataset(spec.testClean(), schema, "testClean");
        inputs.optionalDataset(spec.testTriggered(), schema, "testTriggered");
        return spec;
    }

    /** A probe is inserted into test sentences and shown in reports: short, one line, printable. */
    static void checkTriggerProbe(String probe, Integer target) {
        if (target == null) {
            throw new IllegalArgumentException("'target' is required to measure trigger flips with triggerProbe");
        }
        if (probe.isBlank() || probe.length() > MAX_TRIGGER_PROBE) {
            throw new IllegalArgumentException("'triggerProbe' must be 1 to " + MAX_TRIGGER_PROBE + " characters");
        }
        if (probe.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("'triggerProbe' must be one line without control characters");
        }
    }

    private static LabelSchema modelSchema(LabelSchema model) {
        if (model.hasGenericNames()) {
            throw new IllegalArgumentException("'schema' is required: the suspect model's config names its classes "
                    + "only " + model.labels() + " (give sst2, olid or agnews, or a model whose id2label names them)");
        }
        return new LabelSchema("model", model.labels());
    }

    private ArtifactRef pin(ArtifactRef ref, String role) {
        if (ref == null || ref.uri() == null) {
            throw new IllegalArgumentException("'" + role + "' is required: {\"uri\": \"store:...\"}");
        }
        ArtifactStore store = inputs.store();
        var actual = store.describe(ref.uri());
        if (ref.sha256() != null && !ref.sha256().equalsIgnoreCase(actual.sha256())) {
            throw new IllegalArgumentException(role + ": sha256 mismatch for " + ref.uri() + ": expected "
                    + ref.sha256() + ", found " + actual.sha256());
        }
        return JobInputs.ref(actual);
    }

    private ArtifactRef pinOptional(ArtifactRef ref, String role) {
        return ref == null ? null : pin(ref, role);
    }
}
