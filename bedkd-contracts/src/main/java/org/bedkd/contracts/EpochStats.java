package org.bedkd.contracts;

import java.util.Map;

/**
 * One purification epoch (percentages).
 *
 * @param epoch 1-based
 * @param loss mean loss per phase
 * @param validationCacc clean validation accuracy
 * @param heldOutLabelRate held-out flagged samples still on their (target) label
 * @param seconds wall time
 */
public record EpochStats(int epoch, Map<String, Double> loss, double validationCacc, double heldOutLabelRate,
        double seconds) {
}
