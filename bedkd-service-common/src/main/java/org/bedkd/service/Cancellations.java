package org.bedkd.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Job ids whose cancellation this instance has heard of (from the control topic or its own REST API). */
@ApplicationScoped
public class Cancellations {

    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

    public void cancel(String jobId) {
        cancelled.add(jobId);
    }

    public boolean isCancelled(String jobId) {
        return cancelled.contains(jobId);
    }

    /** Thrown inside a stage (from a training listener) to stop a cancelled job at the next step. */
    public static final class JobCancelledException extends RuntimeException {
        public JobCancelledException(String jobId) {
            super("job " + jobId + " was cancelled");
        }
    }
}
