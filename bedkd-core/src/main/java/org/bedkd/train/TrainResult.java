package org.bedkd.train;

import java.util.List;

/**
 * What a {@link TrainLoop#fit} run did.
 *
 * @param epochs per-epoch summaries, in order
 * @param steps optimiser steps taken
 * @param samples training samples processed
 * @param seconds wall time
 * @param stoppedEarly whether a listener stopped the run before the planned epochs
 */
public record TrainResult(List<TrainListener.EpochEvent> epochs, int steps, long samples, double seconds,
        boolean stoppedEarly) {

    public TrainResult {
        epochs = List.copyOf(epochs);
    }

    public double samplesPerSecond() {
        return seconds > 0 ? samples / seconds : 0;
    }
}
