package org.bedkd.contracts;

/**
 * A user cancelled a job; workers stop at the next step.
 *
 * @param jobId job id
 * @param reason why
 */
public record JobCancelled(String jobId, String reason) {
}
