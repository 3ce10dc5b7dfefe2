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
 * @param punishShare share of the punish pass trained this epoch (1 = all of it; halved after each back-off)
 * @param backedOff whether this epoch left the CACC tolerance, so the student was rolled back to the last eligible
 *     weights and the punish pass halved for the next epoch
 * @param triggerFlipRate share of validation sentences whose prediction changes when a suspected trigger fragment is
 *     inserted, percent ({@code NaN} when the detector named no trigger word)
 * @param validationBalancedAccuracy mean per-class recall on the clean validation split
 * @param logitShift what was added to the shifted class's logit ({@link ClassShares#shiftedClass}: class 1 on two
 *     classes) before any of the rates above were read (0 unless {@link AkdConfig#matchSuspectShare})
 */
public record AkdEpoch(int epoch, Map<String, Double> loss, float maxGradNorm, double validationCacc,
        double heldOutLabelRate, double punishedLabelRate, double seconds, double punishShare, boolean backedOff,
        double triggerFlipRate, double validationBalancedAccuracy, double logitShift) {
}
