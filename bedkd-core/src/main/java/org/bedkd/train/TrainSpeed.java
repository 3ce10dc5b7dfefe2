package org.bedkd.train;

import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * Our speed-ups of the defense's training (DMM and AKD), each switchable so a benchmark can measure what it buys.
 * None changes what is optimised; bucketing and the frozen embedding table change the batches and the trained
 * parameters, so their runs are not bit-identical, while the teacher cache only moves where the same numbers come from.
 *
 * @param lengthBucketing batch texts of similar length (less padding)
 * @param freezeWordEmbeddings keep the word-embedding table fixed (its dense AdamW update is about a CPU step's worth)
 * @param teacherCache run the frozen teacher once per training set, not once per batch of every epoch
 */
@RecordBuilder
public record TrainSpeed(boolean lengthBucketing, boolean freezeWordEmbeddings, boolean teacherCache) implements TrainSpeedBuilder.With {

    /** Everything on: what every profile uses. */
    public static final TrainSpeed DEFAULT = new TrainSpeed(true, true, true);

    /** Optimiser settings for {@code epochs} with these switches. */
    public TrainSettings settings(int epochs, long seed) {
        return TrainSettings.defaults(epochs, seed).withLengthBucketing(lengthBucketing)
                .withFreezeWordEmbeddings(freezeWordEmbeddings);
    }
}
