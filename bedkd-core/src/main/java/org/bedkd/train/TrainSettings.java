package org.bedkd.train;

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
public record TrainSettings(int epochs, float learningRate, float weightDecay, float maxGradNorm,
        boolean freezeWordEmbeddings, boolean lengthBucketing, PhaseOrder order, long seed) {

    public TrainSettings {
        if (epochs < 0 || learningRate <= 0) {
            throw new IllegalArgumentException("epochs must be >= 0 and learning rate > 0");
        }
    }

    /** The paper's optimiser (AdamW, lr 3e-5) with clipping at 1.0 and our speed defaults. */
    public static TrainSettings defaults(int epochs, long seed) {
        return new TrainSettings(epochs, 3e-5f, 0.01f, 1.0f, true, true, PhaseOrder.SEQUENTIAL, seed);
    }

    public TrainSettings withLearningRate(float lr) {
        return new TrainSettings(epochs, lr, weightDecay, maxGradNorm, freezeWordEmbeddings, lengthBucketing, order, seed);
    }

    public TrainSettings withEpochs(int n) {
        return new TrainSettings(n, learningRate, weightDecay, maxGradNorm, freezeWordEmbeddings, lengthBucketing, order,
                seed);
    }

    public TrainSettings withOrder(PhaseOrder o) {
        return new TrainSettings(epochs, learningRate, weightDecay, maxGradNorm, freezeWordEmbeddings, lengthBucketing, o,
                seed);
    }

    public TrainSettings withSeed(long s) {
        return new TrainSettings(epochs, learningRate, weightDecay, maxGradNorm, freezeWordEmbeddings, lengthBucketing,
                order, s);
    }

    public TrainSettings withLengthBucketing(boolean b) {
        return new TrainSettings(epochs, learningRate, weightDecay, maxGradNorm, freezeWordEmbeddings, b, order, seed);
    }

    public TrainSettings withFreezeWordEmbeddings(boolean f) {
        return new TrainSettings(epochs, learningRate, weightDecay, maxGradNorm, f, lengthBucketing, order, seed);
    }

    /** How the phases of one epoch are scheduled. */
    public enum PhaseOrder {
        /** All batches of the first phase, then all of the second (the paper's trust-then-punish epoch). */
        SEQUENTIAL,
        /** Batches of all phases mixed evenly through the epoch, in proportion to their counts. */
        INTERLEAVED
    }
}
