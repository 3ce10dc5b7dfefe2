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
 * @param seconds wall time of the epoch incl. validation (not the audit)
 * @param auditTestAsr test-set ASR of this epoch's model, measured only when a benchmark asks for an audit of the
 *     selection signals; model selection never reads it ({@code null} otherwise)
 */
public record AkdEpoch(int epoch, Map<String, Double> loss, float maxGradNorm, double validationCacc,
        double heldOutLabelRate, double punishedLabelRate, double seconds, Double auditTestAsr) {
}
