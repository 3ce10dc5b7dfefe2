package org.bedkd.train;

import java.util.Map;
import org.bedkd.model.LogitShift;
import org.bedkd.model.TextClassifier;

/** Progress and control hooks of {@link TrainLoop}; every method has a no-op default. */
public interface TrainListener {

    /** After every optimiser step. */
    default void onStep(StepEvent step) {
    }

    /** After every epoch; return {@code false} to stop training early. */
    default boolean onEpochEnd(EpochEvent epoch) {
        return true;
    }

    /**
     * Before every epoch: the share of a phase's epoch size to train on in the coming epoch (1 = all of it, 0 = skip
     * it). Lets a listener back off a phase that does harm, e.g. AKD's punish pass when clean accuracy falls.
     */
    default double phaseShare(String phase, int epoch) {
        return 1;
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

            @Override
            public double phaseShare(String phase, int epoch) {
                return Math.min(first.phaseShare(phase, epoch), next.phaseShare(phase, epoch));
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
     * @param seconds wall time of the epoch's steps ({@link #onEpochEnd} listeners run after this clock stops)
     * @param model the model being trained, holding this epoch's weights while the listeners run: a listener may score
     *     it (model selection, a benchmark's audit) but must not change, keep or close it
     * @param logitShift what the model of this epoch is read with (AKD's class shares: the purified model keeps the
     *     selected epoch's); {@link LogitShift#NONE} for none
     */
    record EpochEvent(int epoch, int epochs, Map<String, Double> phaseLoss, float maxGradNorm, double seconds,
            TextClassifier model, LogitShift logitShift) {

        /** The same epoch, read with {@code shift}. */
        public EpochEvent withLogitShift(LogitShift shift) {
            return new EpochEvent(epoch, epochs, phaseLoss, maxGradNorm, seconds, model, shift);
        }
    }
}
