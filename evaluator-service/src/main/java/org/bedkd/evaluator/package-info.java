/**
 * evaluator-service: the job API (one URL to submit, follow and cancel a job and fetch its report and artifacts), the
 * job-status view rebuilt from every job event, and the before → after evaluation of purified models
 * ({@code bedkd.purified} → {@code bedkd.evaluations}).
 */
package org.bedkd.evaluator;
