package org.bedkd.contracts;

/**
 * Progress of a job's stage.
 *
 * @param jobId job id
 * @param stage {@code detecting}, {@code distilling}, {@code evaluating}
 * @param phase sub-step ({@code dmm}, {@code mepd}, {@code trust}, {@code punish}, ...)
 * @param epoch current epoch (0 when not training)
 * @param epochs planned epochs
 * @param fraction 0..1 of the stage
 * @param message human-readable line
 */
public record JobProgress(String jobId, String stage, String phase, int epoch, int epochs, double fraction,
        String message) {
}
