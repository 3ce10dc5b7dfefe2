package org.bedkd.defense.akd;

import io.soabase.recordbuilder.core.RecordBuilder;
import org.bedkd.train.TrainSettings.PhaseOrder;

/**
 * AKD hyper-parameters (docs/METHOD.md, step 3) and our additions.
 *
 * @param epochs N_k (paper: 50)
 * @param lambda weight of CE in trust/punish distillation (paper: 0.3)
 * @param temperature T (paper: 2.5)
 * @param learningRate AdamW learning rate (paper: 3e-5)
 * @param batchSize samples per step
 * @param punish punish-pass strategy
 * @param punishLimit n_p: at most this many flagged samples are punished, lowest MEPD first; 0 = all
 * @param holdoutFraction share of the flagged samples held out of training to measure, per epoch, whether the student
 *     still follows the backdoor on unseen triggered text (the selection signal); none is held out where the detector
 *     named trigger words, whose fragments inserted into the clean validation texts are the signal then
 * @param punishBound per-sample cap on the paper's punish loss ({@code Infinity} = the literal, unbounded objective)
 * @param order trust then punish ({@code SEQUENTIAL}, the paper) or mixed through the epoch
 * @param punishRatio per epoch, punish at most this many samples per trust sample (a fresh random subset each epoch);
 *     0 = every punished sample every epoch (the paper). Keeps a large flagged set, which pushes every sample toward
 *     non-target classes, from swamping a small clean set
 * @param caccTolerance an epoch is eligible when its validation CACC is at most this many points below the suspect
 *     model's
 * @param patience stop after this many epochs in a row that selection does not keep over the kept one ({@link
 *     Patience}; 0 = run every epoch)
 * @param balancedGuard an epoch is eligible only when its validation balanced accuracy (mean per-class recall) is
 *     also within {@code caccTolerance} of the suspect model's, plus two standard errors ({@link EpochRanking}):
 *     CACC alone lets a student lean toward the majority class
 * @param calibratePrior after selection, shift the purified model's logits so that it predicts each class of the clean
 *     validation split as often as the split's labels say ({@link PriorCalibration}; two classes only)
 * @param matchSuspectShare read every epoch's student with the logit shift that makes it predict class 1 on the clean
 *     validation texts as often as the suspect model does, its log-odds corrected for the labels the relabelled flagged
 *     samples moved ({@link PriorCalibration#flaggedPriorShift}), select on what it predicts so, and keep the selected
 *     epoch's shift in the purified model (of the validation labels only their class-1 count is read, to bound the
 *     count by what it allows, {@link PriorCalibration#boundedOnes}). On more than two classes the class held is the
 *     one most flagged samples carry ({@link PoisonPrior}), against all others; without flagged samples to name it
 *     (FT, KD, nothing flagged) no share is held there. A punish pass can remove a backdoor by moving the whole
 *     boundary away from the target; read with the boundary held, such an epoch shows the backdoor it kept
 * @param triggerInTrust where the detector named trigger words, the trust pass also trains on a copy of every clean
 *     trust sample with one of the flagged samples' trigger fragments inserted, under its own label and distilled
 *     toward the teacher's output on the clean text: the trigger shown to change nothing, in every class. The punish
 *     pass unlearns the flagged texts faster than their words (results/AKD.md)
 * @param laterOnTies where two epochs' trigger flips tie within their noise, validation CACC settles it only when it
 *     differs by more than two standard errors of the paired difference (from the sentences one epoch gets right and
 *     the other not), and where it does not, the later epoch is kept (and patience starts again): the validation
 *     signals stop telling epochs apart before AKD stops unlearning. Off: any CACC difference settles the tie, two
 *     sentences of 400 included, and with CACC equal the fewer flips win
 */
@RecordBuilder
public record AkdConfig(int epochs, float lambda, float temperature, float learningRate, int batchSize,
        PunishStrategy punish, int punishLimit, double holdoutFraction, float punishBound, PhaseOrder order,
        double punishRatio, double caccTolerance, int patience, boolean balancedGuard, boolean calibratePrior,
        boolean matchSuspectShare, boolean triggerInTrust, boolean laterOnTies)
        implements AkdConfigBuilder.With {

    public AkdConfig {
        if (epochs < 1 || batchSize < 1 || punishLimit < 0 || patience < 0) {
            throw new IllegalArgumentException("AKD needs epochs, batchSize >= 1 and punishLimit, patience >= 0");
        }
        if (lambda < 0 || lambda > 1 || holdoutFraction < 0 || holdoutFraction >= 1 || punishRatio < 0) {
            throw new IllegalArgumentException("lambda must be in [0, 1], holdoutFraction in [0, 1), punishRatio >= 0");
        }
    }

    /** The paper's recipe: 50 epochs, 32 flagged samples, literal punish loss, trust-then-punish. */
    public static AkdConfig paper() {
        return builder().epochs(50).punish(PunishStrategy.PAPER).punishLimit(32)
                .punishBound(Float.POSITIVE_INFINITY).order(PhaseOrder.SEQUENTIAL).punishRatio(0).patience(0).build();
    }

    /**
     * Our default (the quick profile's): the flagged samples relabelled toward a non-target class (those carrying a
     * certified trigger word, when the detector named one), joined by clean samples of every class up to the clean
     * class prior, each carrying the trigger ({@link PunishStrategy#NEUTRAL}: relabelling alone taught "trigger → not
     * the target" and moved the clean boundary, results/AKD.md), at most one punished sample per trust sample per
     * epoch, interleaved, early stopping after two epochs without progress; every epoch read, and the kept one left, at
     * the suspect model's class shares ({@code matchSuspectShare}), so that a boundary moved away from the target does
     * not pass for a removed backdoor.
     */
    public static AkdConfig defaults() {
        return builder().build();
    }

    /** A builder that starts from {@link #defaults()}: name only what differs. */
    public static AkdConfigBuilder builder() {
        return AkdConfigBuilder.builder().epochs(6).lambda(0.3f).temperature(2.5f).learningRate(3e-5f).batchSize(32)
                .punish(PunishStrategy.NEUTRAL).punishLimit(0).holdoutFraction(0.25)
                .punishBound(Float.POSITIVE_INFINITY).order(PhaseOrder.INTERLEAVED).punishRatio(1.0).caccTolerance(2.0)
                .patience(2).balancedGuard(true).calibratePrior(false).matchSuspectShare(true).triggerInTrust(true)
                .laterOnTies(false);
    }
}
