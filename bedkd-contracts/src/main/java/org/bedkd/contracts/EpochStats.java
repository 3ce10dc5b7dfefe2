package org.bedkd.contracts;

import java.util.Map;

/**
 * One purification epoch (percentages).
 *
 * @param epoch 1-based
 * @param loss mean loss per phase
 * @param validationCacc clean validation accuracy
 * @param heldOutLabelRate held-out flagged samples still on their (target) label ({@code null} where none was held out:
 *     with trigger words named, every flagged carrier is punished and the trigger flips are the signal)
 * @param seconds wall time
 * @param backedOff whether validation CACC left the tolerance by more than its noise, so the epoch was rolled back and
 *     the punish pass halved ({@code null} from producers that predate it)
 * @param triggerFlipRate share of clean validation sentences whose prediction changed when a suspected trigger was
 *     inserted: what selection minimised ({@code null} when the detector named no trigger word, and from producers
 *     that predate it)
 * @param validationBalancedAccuracy mean per-class recall on the clean validation split, held to the same tolerance
 *     as CACC ({@code null} from producers that predate it)
 * @param logitShift what was added to class 1's logit before the rates above were read, so that the student predicts
 *     class 1 on the validation texts as often as the suspect model would with the relabelled flagged samples' labels
 *     undone; the kept epoch's shift is in the purified model ({@code null} when not matched, and from producers that
 *     predate it)
 */
public record EpochStats(int epoch, Map<String, Double> loss, double validationCacc, Double heldOutLabelRate,
        double seconds, Boolean backedOff, Double triggerFlipRate, Double validationBalancedAccuracy,
        Double logitShift) {

    public EpochStats(int epoch, Map<String, Double> loss, double validationCacc, Double heldOutLabelRate,
            double seconds, Boolean backedOff, Double triggerFlipRate, Double validationBalancedAccuracy) {
        this(epoch, loss, validationCacc, heldOutLabelRate, seconds, backedOff, triggerFlipRate,
                validationBalancedAccuracy, null);
    }

    public EpochStats(int epoch, Map<String, Double> loss, double validationCacc, Double heldOutLabelRate,
            double seconds, Boolean backedOff, Double triggerFlipRate) {
        this(epoch, loss, validationCacc, heldOutLabelRate, seconds, backedOff, triggerFlipRate, null);
    }

    public EpochStats(int epoch, Map<String, Double> loss, double validationCacc, Double heldOutLabelRate,
            double seconds, Boolean backedOff) {
        this(epoch, loss, validationCacc, heldOutLabelRate, seconds, backedOff, null);
    }

    public EpochStats(int epoch, Map<String, Double> loss, double validationCacc, Double heldOutLabelRate,
            double seconds) {
        this(epoch, loss, validationCacc, heldOutLabelRate, seconds, null);
    }
}
