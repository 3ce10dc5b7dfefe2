package org.bedkd.train;

import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * Optimiser and loop settings shared by every method.
 *
 * @param epochs passes over the phases
 * @param learningRate AdamW learning rate (paper: 3e-5)
 * @param weightDecay AdamW decoupled weight decay
 * @param maxGradNorm global gradient-norm clip; {@code <= 0} disables it
 * @param freezeWordEmbeddings keep the 30522 × 384 word-embedding table fixed (its dense AdamW update costs about as
 *     much as the rest of a CPU step)
 * @param lengthBucketing batch texts of similar length and pad each batch only to its longest
 * @param order how phases share an epoch
 * @param seed seeds batch order and PyTorch's generator (dropout)
 */
@RecordBuilder
public record TrainSettings(int epochs, float learningRate, float weightDecay, float maxGradNorm,
        boolean freezeWordEmbeddings, boolean lengthBucketing, PhaseOrder order, long seed) implements TrainSettingsBuilder.With {

    public TrainSettings {
        if (epochs < 0 || learningRate <= 0) {
            throw new IllegalArgumentException("epochs must be >= 0 and learning rate > 0");
        }
    }

    /** The paper's optimiser (AdamW, lr 3e-5) with clipping at 1.0 and our speed defaults. */
    public static TrainSettings defaults(int epochs, long seed) {
        return TrainSettingsBuilder.builder().epochs(epochs).learningRate(3e-5f).weightDecay(0.01f).maxGradNorm(1.0f)
                .freezeWordEmbeddings(true).lengthBucketing(true).order(PhaseOrder.SEQUENTIAL).seed(seed).build();
    }

    /** How the phases of one epoch are scheduled. */
    public enum PhaseOrder {
        /** All batches of the first phase, then all of the second (the paper's trust-then-punish epoch). */
        SEQUENTIAL,
        /** Batches of all phases mixed evenly through the epoch, in proportion to their counts. */
        INTERLEAVED
    }
}
