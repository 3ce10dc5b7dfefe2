package org.bedkd.train;

import org.bedkd.train.loss.TrainingLoss;

/**
 * One pass of an epoch: a training set and the loss to minimise on it. AKD's epoch is a trust phase and a punish phase;
 * everything else is a single phase.
 *
 * @param name shown in progress events ({@code victim}, {@code dmm}, {@code trust}, {@code punish}, ...)
 * @param data samples, labels and cached teacher outputs
 * @param loss the objective
 * @param batchSize samples per step
 * @param samplesPerEpoch use a fresh random subset of this many samples each epoch (0 = all), e.g. to keep a large
 *     punish set from outweighing a small trust set
 */
public record Phase(String name, TrainingSet data, TrainingLoss loss, int batchSize, int samplesPerEpoch) {

    public Phase(String name, TrainingSet data, TrainingLoss loss, int batchSize) {
        this(name, data, loss, batchSize, 0);
    }

    public Phase {
        if (batchSize < 1 || samplesPerEpoch < 0) {
            throw new IllegalArgumentException("batch size must be >= 1 and samplesPerEpoch >= 0");
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("phase '" + name + "' has no samples");
        }
    }

    /** This phase cut to {@code samples} per epoch (a fresh random subset each epoch). */
    public Phase withEpochSize(int samples) {
        return new Phase(name, data, loss, batchSize, Math.max(1, samples));
    }

    /** Samples this phase trains on per epoch. */
    public int epochSize() {
        return samplesPerEpoch == 0 ? data.size() : Math.min(samplesPerEpoch, data.size());
    }
}
