package org.bedkd.service;

import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.EventTypes;
import org.bedkd.contracts.JobFailed;
import org.bedkd.contracts.Stage;
import org.bedkd.data.DatasetException;
import org.bedkd.model.CheckpointException;
import org.bedkd.store.ArtifactException;
import org.bedkd.store.ArtifactStore;
import org.bedkd.train.DivergenceException;
import org.jboss.logging.Logger;

/**
 * Runs one stage of one job with the guarantees the pipeline relies on:
 * <ul>
 *   <li><b>one outcome per job</b>: each attempt writes into its own directory ({@link StageOutputs}) and then
 *       claims {@code jobs/<id>/<stage>/event.json} with an atomic create; the first attempt to claim it decides, a
 *       later one (a redelivery after a rebalance, while the first still ran) discards its own files and re-sends the
 *       winner's event. Nothing deletes or overwrites another attempt's outputs;</li>
 *   <li><b>at most once</b>: a redelivered input that finds the stored outcome (or stored failure) re-sends it (same
 *       envelope id, so consumers drop the duplicate) instead of redoing the work;</li>
 *   <li><b>never silent</b>: any failure becomes a {@link JobFailed} event, stored first and then sent with retries
 *       while the broker is away, so a job always ends; the input is acknowledged only after that;</li>
 *   <li><b>bounded</b>: a cancelled job is skipped or stopped at its next step, and a stage past
 *       {@code bedkd.job.max-stage-duration} fails with type {@code timeout};</li>
 *   <li><b>observable</b>: {@code bedkd_jobs_total} and {@code bedkd_job_duration_seconds} by outcome.</li>
 * </ul>
 */
@ApplicationScoped
public class StageRunner {

    private static final Logger LOG = Logger.getLogger(StageRunner.class);
    static final String OUTCOME = "event.json";
    static final String FAILURE = "failed.json";

    private final ArtifactStore store;
    private final Cancellations cancellations;
    private final ServiceMetrics metrics;
    private final JobLimits limits;

    public StageRunner(ArtifactStore store, Cancellations cancellations, ServiceMetrics metrics, JobLimits limits) {
        this.store = store;
        this.cancellations = cancellations;
        this.metrics = metrics;
        this.limits = limits;
    }

    /** What happened to a stage run. */
    public enum Outcome {
        SUCCESS, DUPLICATE, CANCELLED, FAILED
    }

    /**
     * @param stage the stage this service owns
     * @param jobId job id (validated: it becomes a path)
     * @param out where the outcome event goes
     * @param errors where a failure event goes
     * @param work does the stage, writing only through the given outputs, and returns its outcome event (not sent)
     */
    public Outcome run(Stage stage, String jobId, MutinyEmitter<byte[]> out, MutinyEmitter<byte[]> errors,
            Function<StageOutputs, Envelope> work) {
        JobIds.require(jobId);
        long start = System.nanoTime();
        Optional<Envelope> done = stored(jobId, stage, OUTCOME, stage.outcomeType());
        if (done.isPresent()) {
            LOG.infof("job %s already passed %s; re-sending its outcome instead of redoing it", jobId, stage.id());
            deliver(out, done.get());
            return finish(stage, Outcome.DUPLICATE, start);
        }
        Optional<Envelope> failed = stored(jobId, stage, FAILURE, EventTypes.JOB_FAILED);
        if (failed.isPresent()) {
            LOG.infof("job %s already failed in %s; re-sending the failure", jobId, stage.id());
            deliver(errors, failed.get());
            return finish(stage, Outcome.DUPLICATE, start);
        }
        if (cancellations.isCancelled(jobId)) {
            LOG.infof("job %s was cancelled; skipping %s", jobId, stage.id());
            return finish(stage, Outcome.CANCELLED, start);
        }
        StageOutputs outputs = StageOutputs.fresh(store, jobId, stage);
        Envelope outcome;
        cancellations.startClock(jobId, limits.maxStageDuration());
        try {
            outcome = work.apply(outputs);
            requireOwn(outcome, jobId, stage.outcomeType());
        } catch (Cancellations.JobCancelledException e) {
            LOG.infof("job %s cancelled during %s", jobId, stage.id());
            outputs.discard();
            return finish(stage, Outcome.CANCELLED, start);
        } catch (RuntimeException | OutOfMemoryError e) {
            return finish(stage, fail(stage, jobId, errors, e), start);
        } finally {
            cancellations.stopClock(jobId);
        }
        Optional<byte[]> winner = store.createIfAbsent(path(jobId, stage, OUTCOME), EventCodec.encode(outcome));
        if (winner.isPresent()) {
            LOG.warnf("job %s: another attempt of %s published first; keeping its outputs, discarding this one's",
                    jobId, stage.id());
            outputs.discard();
            deliver(out, checked(winner.get(), jobId, stage.outcomeType()));
            return finish(stage, Outcome.DUPLICATE, start);
        }
        deliver(out, outcome);
        return finish(stage, Outcome.SUCCESS, start);
    }

    private Outcome fail(Stage stage, String jobId, MutinyEmitter<byte[]> errors, Throwable e) {
        if (store.exists(ArtifactStore.uri(path(jobId, stage, OUTCOME)))) {
            // Another attempt succeeded meanwhile: its outcome stands, this attempt's failure is moot.
            LOG.warnf("job %s: this attempt of %s failed (%s) after another one succeeded", jobId, stage.id(),
                    e.getMessage());
            return Outcome.DUPLICATE;
        }
        String type = errorType(e);
        LOG.errorf(e, "job %s failed in %s (%s)", jobId, stage.id(), type);
        Envelope failure = EventCodec.wrap(EventIO.source(metrics.service()), jobId, new JobFailed(jobId, stage.id(),
                message(e), type));
        Optional<byte[]> first = store.createIfAbsent(path(jobId, stage, FAILURE), EventCodec.encode(failure));
        deliver(errors, first.map(b -> checked(b, jobId, EventTypes.JOB_FAILED)).orElse(failure));
        return Outcome.FAILED;
    }

    /**
     * Sends until the broker takes it, backing off, for up to {@code bedkd.job.publish-retry-for}. The event is
     * already in the store, so if even that runs out the input is nacked and a redelivery re-sends it.
     */
    private void deliver(MutinyEmitter<byte[]> emitter, Envelope e) {
        long deadline = System.nanoTime() + limits.publishRetryFor().toNanos();
        long backoffMs = 500;
        for (int attempt = 1;; attempt++) {
            try {
                EventIO.send(emitter, e);
                return;
            } catch (RuntimeException sendFailure) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("could not publish " + e.type() + " of job " + e.subject()
                            + " for " + limits.publishRetryFor() + "; it is stored and will be re-sent on redelivery",
                            sendFailure);
                }
                LOG.warnf("could not publish %s of job %s (attempt %d, retrying in %d ms): %s", e.type(), e.subject(),
                        attempt, backoffMs, sendFailure.getMessage());
                sleep(backoffMs);
                backoffMs = Math.min(30_000, backoffMs * 2);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", ie);
        }
    }

    /** The outcome a stage of a job published, read back and checked as a redelivery would; empty when none. */
    public Optional<Envelope> outcome(String jobId, Stage stage) {
        return stored(JobIds.require(jobId), stage, OUTCOME, stage.outcomeType());
    }

    private Optional<Envelope> stored(String jobId, Stage stage, String name, String expectedType) {
        return store.read(ArtifactStore.uri(path(jobId, stage, name))).map(b -> checked(b, jobId, expectedType));
    }

    /** A stored event must be this job's and of the expected type: anything else is tampering, never re-sent. */
    private static Envelope checked(byte[] bytes, String jobId, String expectedType) {
        Envelope e = EventCodec.decode(bytes);
        requireOwn(e, jobId, expectedType);
        return e;
    }

    private static void requireOwn(Envelope e, String jobId, String expectedType) {
        if (!jobId.equals(e.subject()) || !expectedType.equals(e.type())) {
            throw new IllegalStateException("the stored outcome of job " + jobId + " is a " + e.type() + " of job "
                    + e.subject() + ", expected " + expectedType + ": refusing to use it");
        }
    }

    static String path(String jobId, Stage stage, String name) {
        return JobInputs.jobPath(jobId, stage.id(), name);
    }

    private Outcome finish(Stage stage, Outcome outcome, long start) {
        metrics.stage(stage.id(), outcome.name().toLowerCase(java.util.Locale.ROOT),
                Duration.ofNanos(System.nanoTime() - start));
        return outcome;
    }

    /** A short class of error for dashboards and clients. */
    static String errorType(Throwable e) {
        if (e instanceof Cancellations.StageTimeoutException) {
            return "timeout";
        }
        if (e instanceof ArtifactException) {
            return "artifact";
        }
        if (e instanceof DatasetException || e instanceof CheckpointException) {
            return "bad-input";
        }
        if (e instanceof StageMismatchException) {
            return "stage-mismatch";
        }
        if (e instanceof DivergenceException) {
            return "divergence";
        }
        if (e instanceof IllegalArgumentException) {
            return "bad-input";
        }
        if (e instanceof OutOfMemoryError) {
            return "out-of-memory";
        }
        return "internal";
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
