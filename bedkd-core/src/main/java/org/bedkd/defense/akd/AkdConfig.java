package org.bedkd.defense.akd;

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
 *     still follows the backdoor on unseen triggered text (the selection signal)
 * @param punishBound per-sample cap on the paper's punish loss ({@code Infinity} = the literal, unbounded objective)
 * @param order trust then punish ({@code SEQUENTIAL}, the paper) or mixed through the epoch
 * @param punishRatio per epoch, punish at most this many samples per trust sample (a fresh random subset each epoch);
 *     0 = every punished sample every epoch (the paper). Keeps a large flagged set, which pushes every sample toward
 *     non-target classes, from swamping a small clean set
 * @param caccTolerance an epoch is eligible when its validation CACC is at most this many points below the suspect
 *     model's
 * @param patience stop after this many epochs without a better held-out rate (0 = run every epoch)
 */
public record AkdConfig(int epochs, float lambda, float temperature, float learningRate, int batchSize,
        PunishStrategy punish, int punishLimit, double holdoutFraction, float punishBound, PhaseOrder order,
        double punishRatio, double caccTolerance, int patience) {

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
        return new AkdConfig(50, 0.3f, 2.5f, 3e-5f, 32, PunishStrategy.PAPER, 32, 0.25, Float.POSITIVE_INFINITY,
                PhaseOrder.SEQUENTIAL, 0, 2.0, 0);
    }

    /**
     * Our default: every flagged sample, relabelled toward a non-target class, at most one punished sample per trust
     * sample per epoch, interleaved, early stopping.
     */
    public static AkdConfig defaults() {
        return new AkdConfig(10, 0.3f, 2.5f, 3e-5f, 32, PunishStrategy.RELABEL, 0, 0.25, Float.POSITIVE_INFINITY,
                PhaseOrder.INTERLEAVED, 1.0, 2.0, 3);
    }

    public AkdConfig withPunishRatio(double r) {
        return new AkdConfig(epochs, lambda, temperature, learningRate, batchSize, punish, punishLimit, holdoutFraction,
                punishBound, order, r, caccTolerance, patience);
    }

    public AkdConfig withEpochs(int n) {
        return new AkdConfig(n, lambda, temperature, learningRate, batchSize, punish, punishLimit, holdoutFraction,
                punishBound, order, punishRatio, caccTolerance, patience);
    }

    public AkdConfig withPunish(PunishStrategy p) {
        return new AkdConfig(epochs, lambda, temperature, learningRate, batchSize, p, punishLimit, holdoutFraction,
                punishBound, order, punishRatio, caccTolerance, patience);
    }

    public AkdConfig withPunishLimit(int n) {
        return new AkdConfig(epochs, lambda, temperature, learningRate, batchSize, punish, n, holdoutFraction,
                punishBound, order, punishRatio, caccTolerance, patience);
    }

    public AkdConfig withOrder(PhaseOrder o) {
        return new AkdConfig(epochs, lambda, temperature, learningRate, batchSize, punish, punishLimit, holdoutFraction,
                punishBound, o, punishRatio, caccTolerance, patience);
    }

    public AkdConfig withPatience(int p) {
        return new AkdConfig(epochs, lambda, temperature, learningRate, batchSize, punish, punishLimit, holdoutFraction,
                punishBound, order, punishRatio, caccTolerance, p);
    }
}
