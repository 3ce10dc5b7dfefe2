package org.bedkd.contracts;

/**
 * A job was accepted by the job API.
 *
 * @param jobId job id (also the record key and envelope subject)
 * @param spec what to do
 */
public record JobSubmitted(String jobId, JobSpec spec) {
}
