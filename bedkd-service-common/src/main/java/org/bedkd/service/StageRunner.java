package org.bedkd.service;

import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.Supplier;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.JobFailed;
import org.bedkd.data.DatasetException;
import org.bedkd.model.CheckpointException;
import org.bedkd.store.ArtifactException;
import org.bedkd.store.ArtifactStore;
import org.bedkd.train.DivergenceException;
import org.jboss.logging.Logger;

/**
 * Runs one stage of one job with the guarantees the pipeline relies on:
 * <ul>
 *   <li><b>at most once per job</b>: the stage's outcome event is written to the store ({@code
 *       jobs/<id>/<stage>/event.json}) before it is sent; a redelivered input finds it and re-sends the same event (same
 *       envelope id, so consumers drop the duplicate) instead of redoing the work;</li>
 *   <li><b>never silent</b>: any failure becomes a {@link JobFailed} event (the job turns FAILED with the reason) and
 *       the input is still acknowledged, so one bad job cannot block the partition;</li>
 *   <li><b>cancellable</b>: a cancelled job is skipped, or stopped at its next training step;</li>
 *   <li><b>observable</b>: {@code bedkd_jobs_total} and {@code bedkd_job_duration_seconds} by outcome.</li>
 * </ul>
 */
@ApplicationScoped
public class StageRunner {

    private static final Logger LOG = Logger.getLogger(StageRunner.class);

    private final ArtifactStore store;
    private final Cancellations cancellations;
    private final ServiceMetrics metrics;

    public StageRunner(ArtifactStore store, Cancellations cancellations, ServiceMetrics metrics) {
        this.store = store;
        this.cancellations = cancellations;
        this.metrics = metrics;
    }

    /** What happened to a stage run. */
    public enum Outcome {
        SUCCESS, DUPLICATE, CANCELLED, FAILED
    }

    /**
     * @param stage stage name ({@code detecting}, {@code distilling}, {@code evaluating})
     * @param jobId job id (validated: it becomes a path)
     * @param out where the outcome event goes
     * @param errors where a failure event goes
     * @param work does the stage and returns its outcome event (not yet sent)
     */
    public Outcome run(String stage, String jobId, MutinyEmitter<byte[]> out, MutinyEmitter<byte[]> errors,
            Supplier<Envelope> work) {
        JobIds.require(jobId);
        long start = System.nanoTime();
        String marker = ArtifactStore.uri(JobInputs.jobPath(jobId, stage, "event.json"));
        if (cancellations.isCancelled(jobId)) {
            LOG.infof("job %s was cancelled; skipping %s", jobId, stage);
            return finish(stage, Outcome.CANCELLED, start);
        }
        if (store.exists(marker)) {
            LOG.infof("job %s already passed %s; re-sending its outcome instead of redoing it", jobId, stage);
            EventIO.send(out, readEnvelope(marker));
            return finish(stage, Outcome.DUPLICATE, start);
        }
        try {
            store.delete(JobInputs.jobPath(jobId, stage, "")); // partial outputs of a crashed earlier attempt
            Envelope outcome = work.get();
            store.putBytes(JobInputs.jobPath(jobId, stage, "event.json"), EventCodec.encode(outcome));
            EventIO.send(out, outcome);
            return finish(stage, Outcome.SUCCESS, start);
        } catch (Cancellations.JobCancelledException e) {
            LOG.infof("job %s cancelled during %s", jobId, stage);
            return finish(stage, Outcome.CANCELLED, start);
        } catch (RuntimeException | OutOfMemoryError e) {
            String type = errorType(e);
            LOG.errorf(e, "job %s failed in %s (%s)", jobId, stage, type);
            try {
                EventIO.send(errors, EventIO.source(metrics.service()), jobId, new JobFailed(jobId, stage,
                        message(e), type));
            } catch (RuntimeException sendFailure) {
                // The input stays unacknowledged and will be redelivered: the job is not lost.
                throw new IllegalStateException("could not publish the failure of job " + jobId, sendFailure);
            }
            return finish(stage, Outcome.FAILED, start);
        }
    }

    private Envelope readEnvelope(String uri) {
        try {
            return EventCodec.decode(Files.readAllBytes(store.resolve(uri)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Outcome finish(String stage, Outcome outcome, long start) {
        metrics.stage(stage, outcome.name().toLowerCase(java.util.Locale.ROOT),
                Duration.ofNanos(System.nanoTime() - start));
        return outcome;
    }

    /** A short class of error for dashboards and clients. */
    static String errorType(Throwable e) {
        if (e instanceof ArtifactException) {
            return "artifact";
        }
        if (e instanceof DatasetException || e instanceof CheckpointException) {
            return "bad-input";
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
