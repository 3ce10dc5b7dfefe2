package org.bedkd.train;

import io.soabase.recordbuilder.core.RecordBuilder;
import org.bedkd.model.DjlRuntime;
import org.bedkd.model.Precision;

/**
 * Our speed-ups of the defense's training (DMM and AKD), each switchable so a benchmark can measure what it buys.
 * None changes what is optimised; bucketing and the frozen embedding table change the batches and the trained
 * parameters, so their runs are not bit-identical, while the teacher cache only moves where the same numbers come from.
 *
 * @param lengthBucketing batch texts of similar length (less padding)
 * @param freezeWordEmbeddings keep the word-embedding table fixed (its dense AdamW update is about a CPU step's worth)
 * @param teacherCache run the frozen teacher once per training set, not once per batch of every epoch
 * @param precision how the encoder computes in the job's stages ({@link Precision}); null: the process default
 *     ({@link DjlRuntime#precision}: bf16 where the CPU has native bf16, else fp32)
 */
@RecordBuilder
public record TrainSpeed(boolean lengthBucketing, boolean freezeWordEmbeddings, boolean teacherCache,
        Precision precision) implements TrainSpeedBuilder.With {

    /** Everything on, the process's precision: what every profile uses. */
    public static final TrainSpeed DEFAULT = new TrainSpeed(true, true, true);

    /** The switches with the process's precision. */
    public TrainSpeed(boolean lengthBucketing, boolean freezeWordEmbeddings, boolean teacherCache) {
        this(lengthBucketing, freezeWordEmbeddings, teacherCache, null);
    }

    /** The precision a stage runs in: this one's, else the process default. */
    public Precision resolvedPrecision() {
        return precision == null ? DjlRuntime.precision() : precision;
    }

    /** Optimiser settings for {@code epochs} with these switches. */
    public TrainSettings settings(int epochs, long seed) {
        return TrainSettings.defaults(epochs, seed).withLengthBucketing(lengthBucketing)
                .withFreezeWordEmbeddings(freezeWordEmbeddings);
    }
}
