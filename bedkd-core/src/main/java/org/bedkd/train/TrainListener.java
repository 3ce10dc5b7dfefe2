package org.bedkd.train;

/** Progress and control hooks of {@link TrainLoop}; every method has a no-op default. */
public interface TrainListener {

    /** After every optimiser step. */
    default void onStep(StepEvent step) {
    }

    /** After every epoch; return {@code false} to stop training early. */
    default boolean onEpochEnd(EpochEvent epoch) {
        return true;
    }

    /** A listener that does nothing. */
    TrainListener NONE = new TrainListener() {
    };

    /** Both listeners, in order; training stops when either asks. */
    default TrainListener andThen(TrainListener next) {
        TrainListener first = this;
        return new TrainListener() {
            @Override
            public void onStep(StepEvent step) {
                first.onStep(step);
                next.onStep(step);
            }

            @Override
            public boolean onEpochEnd(EpochEvent epoch) {
                boolean a = first.onEpochEnd(epoch);
                boolean b = next.onEpochEnd(epoch);
                return a && b;
            }
        };
    }

    /**
     * One optimiser step.
     *
     * @param phase phase name
     * @param epoch 1-based epoch
     * @param step 1-based step within the run
     * @param totalSteps planned steps of the run
     * @param loss the step's loss
     * @param gradNorm global gradient norm before clipping
     * @param samplesPerSecond throughput of this step
     */
    record StepEvent(String phase, int epoch, int step, int totalSteps, float loss, float gradNorm,
            double samplesPerSecond) {
    }

    /**
     * One finished epoch.
     *
     * @param epoch 1-based epoch
     * @param epochs planned epochs
     * @param phaseLoss mean loss per phase name
     * @param maxGradNorm largest pre-clip gradient norm of the epoch
     * @param seconds wall time of the epoch
     */
    record EpochEvent(int epoch, int epochs, java.util.Map<String, Double> phaseLoss, float maxGradNorm, double seconds) {
    }
}
