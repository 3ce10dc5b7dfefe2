package org.bedkd.evaluator.service;

import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.bedkd.contracts.ArtifactRef;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.JobCancelled;
import org.bedkd.contracts.JobSpec;
import org.bedkd.contracts.JobSubmitted;
import org.bedkd.data.Dataset;
import org.bedkd.data.LabelSchema;
import org.bedkd.evaluator.rest.JobRequest;
import org.bedkd.evaluator.view.JobStatus;
import org.bedkd.evaluator.view.JobView;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.CheckpointException;
import org.bedkd.pipeline.Experiment;
import org.bedkd.pipeline.ExperimentConfig;
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

    /** A job id reused with a different request. */
    public static final class ConflictException extends RuntimeException {
        public ConflictException(String message) {
            super(message);
        }
    }

    private final JobInputs inputs;
    private final JobView view;
    private final ServiceMetrics metrics;
    private final MutinyEmitter<byte[]> jobs;
    private final MutinyEmitter<byte[]> control;

    public JobSubmission(JobInputs inputs, JobView view, ServiceMetrics metrics,
            @Channel("jobs-out") MutinyEmitter<byte[]> jobs, @Channel("control-out") MutinyEmitter<byte[]> control) {
        this.inputs = inputs;
        this.view = view;
        this.metrics = metrics;
        this.jobs = jobs;
        this.control = control;
    }

    /** @return the job's status and whether it was newly created (false: an identical earlier submission) */
    public Submitted submit(JobRequest r) {
        if (r == null) {
            throw new IllegalArgumentException("request body is required");
        }
        String jobId = r.jobId() != null ? JobIds.require(r.jobId()) : JobIds.newId();
        JobSpec spec = validate(r);
        var existing = view.get(jobId);
        if (existing.isPresent()) {
            if (spec.equals(existing.get().spec())) {
                return new Submitted(existing.get(), false);
            }
            throw new ConflictException("job " + jobId + " exists with a different request");
        }
        Envelope e = EventCodec.wrap(EventIO.source(metrics.service()), jobId, new JobSubmitted(jobId, spec));
        EventIO.send(jobs, e);
        view.apply(e);
        return new Submitted(view.get(jobId).orElseThrow(), true);
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
        Envelope e = EventCodec.wrap(EventIO.source(metrics.service()), jobId, new JobCancelled(jobId, reason));
        EventIO.send(control, e);
        view.apply(e);
        return view.get(jobId).orElseThrow();
    }

    private JobSpec validate(JobRequest r) {
        if (r.schema() == null) {
            throw new IllegalArgumentException("'schema' is required: sst2, olid or agnews");
        }
        LabelSchema schema = LabelSchema.named(r.schema());
        if (r.target() != null && !schema.contains(r.target())) {
            throw new IllegalArgumentException("target " + r.target() + " is outside schema " + schema.name() + " "
                    + schema.labels());
        }
        if (r.testTriggered() != null && r.target() == null) {
            throw new IllegalArgumentException("'target' is required to measure ASR on testTriggered");
        }
        JobSpec spec = new JobSpec(pin(r.suspectModel(), "suspectModel"), pin(r.train(), "train"),
                pin(r.clean(), "clean"), pinOptional(r.testClean(), "testClean"),
                pinOptional(r.testTriggered(), "testTriggered"), schema.name(), r.target(),
                r.profile() == null ? "quick" : r.profile(), r.seed() == null ? 42 : r.seed(),
                r.overrides() == null ? Map.of() : r.overrides());
        ExperimentConfig config = inputs.config(spec);
        checkModel(spec.suspectModel(), schema);
        Dataset train = inputs.dataset(spec.train(), schema, "train");
        Dataset clean = inputs.dataset(spec.clean(), schema, "clean");
        Experiment.defenderData(train, clean, config);
        inputs.optionalDataset(spec.testClean(), schema, "testClean");
        inputs.optionalDataset(spec.testTriggered(), schema, "testTriggered");
        return spec;
    }

    private void checkModel(ArtifactRef ref, LabelSchema schema) {
        try {
            Checkpoints.Manifest m = Checkpoints.readManifest(inputs.verified(ref, "suspectModel"));
            if (m.labels().size() != schema.size()) {
                throw new IllegalArgumentException("suspectModel has " + m.labels().size() + " classes, schema "
                        + schema.name() + " has " + schema.size());
            }
        } catch (CheckpointException e) {
            throw new IllegalArgumentException("suspectModel: " + e.getMessage(), e);
        }
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
