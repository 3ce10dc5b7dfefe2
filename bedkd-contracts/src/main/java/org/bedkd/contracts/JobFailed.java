package org.bedkd.contracts;

/**
 * A stage failed; the job is over.
 *
 * @param jobId job id (or the record key when the payload could not be read)
 * @param stage where it failed
 * @param reason human-readable reason
 * @param errorType short class of error ({@code bad-input}, {@code artifact}, {@code internal}, ...)
 */
public record JobFailed(String jobId, String stage, String reason, String errorType) {
}
