package org.bedkd.defense.akd;

import java.util.Map;

/**
 * Per-epoch statistics of a purification run (percentages; {@code NaN} where a set is empty).
 *
 * @param epoch 1-based
 * @param loss mean loss per phase
 * @param maxGradNorm largest pre-clip gradient norm
 * @param validationCacc accuracy on the clean validation split
 * @param heldOutLabelRate share of held-out flagged samples still classified with their (target) label
 * @param punishedLabelRate the same on the punished samples
 * @param seconds wall time of the epoch incl. validation (not the time of other listeners of the training loop)
 */
public record AkdEpoch(int epoch, Map<String, Double> loss, float maxGradNorm, double validationCacc,
        double heldOutLabelRate, double punishedLabelRate, double seconds) {
}
