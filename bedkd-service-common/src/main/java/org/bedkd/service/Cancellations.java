package org.bedkd.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bedkd.store.ArtifactStore;

/**
 * Whether a job may still run: cancelled jobs stop, and a stage past its wall-clock limit stops. A cancellation is
 * durable: the job API writes {@code jobs/<id>/cancelled.json} into the store before it announces it on the control
 * topic, so a replica that restarts (and missed the event) still honours it. The in-memory set only saves a file
 * lookup, and is bounded.
 */
@ApplicationScoped
public class Cancellations {

    /** Most cancelled job ids kept in memory; older ones are still found in the store. */
    static final int REMEMBERED = 100_000;

    private final ArtifactStore store;
    private final Set<String> cancelled = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            }));
    private final Map<String, Long> deadlines = new ConcurrentHashMap<>();

    public Cancellations(ArtifactStore store) {
        this.store = store;
    }

    /** Where the durable cancellation of a job lives (written only by the job API). */
    public static String marker(String jobId) {
        return JobInputs.jobPath(jobId, "cancelled.json");
    }

    /** Records a cancellation durably (first writer wins) and in memory. */
    public void cancelDurably(String jobId, String reason) {
        store.createIfAbsent(marker(jobId), ("{\"jobId\":\"" + jobId + "\"}").getBytes(StandardCharsets.UTF_8));
        cancel(jobId);
    }

    /** Remembers a cancellation heard on the control topic. */
    public void cancel(String jobId) {
        cancelled.add(jobId);
    }

    public boolean isCancelled(String jobId) {
        if (cancelled.contains(jobId)) {
            return true;
        }
        if (JobIds.isValid(jobId) && store.exists(ArtifactStore.uri(marker(jobId)))) {
            cancelled.add(jobId);
            return true;
        }
        return false;
    }

    /** Starts the wall-clock limit of a job's stage on this instance. */
    public void startClock(String jobId, Duration limit) {
        deadlines.put(jobId, System.nanoTime() + limit.toNanos());
    }

    public void stopClock(String jobId) {
        deadlines.remove(jobId);
    }

    /**
     * Called at every training step and stage boundary.
     *
     * @throws JobCancelledException when the job was cancelled
     * @throws StageTimeoutException when the stage ran past its limit
     */
    public void check(String jobId) {
        if (isCancelled(jobId)) {
            throw new JobCancelledException(jobId);
        }
        Long deadline = deadlines.get(jobId);
        if (deadline != null && System.nanoTime() - deadline > 0) {
            throw new StageTimeoutException(jobId);
        }
    }

    /** Thrown inside a stage (from a training listener) to stop a cancelled job at the next step. */
    public static final class JobCancelledException extends RuntimeException {
        public JobCancelledException(String jobId) {
            super("job " + jobId + " was cancelled");
        }
    }

    /** Thrown inside a stage that ran past {@code bedkd.job.max-stage-duration}; the job fails with type timeout. */
    public static final class StageTimeoutException extends RuntimeException {
        public StageTimeoutException(String jobId) {
            super("job " + jobId + " ran past its wall-clock limit (bedkd.job.max-stage-duration)");
        }
    }
}
