package org.bedkd.pipeline;

import org.bedkd.train.TrainListener;

/** Progress of a long run, for a CLI's stderr or a service's progress events. Every method defaults to a no-op. */
public interface Progress {

    /** A stage started or reached a milestone (e.g. "victim", "training on 2000 samples"). */
    default void stage(String stage, String message) {
    }

    /** One optimiser step of {@code stage}. */
    default void step(String stage, TrainListener.StepEvent step) {
    }

    /** One finished epoch of {@code stage}. */
    default void epoch(String stage, TrainListener.EpochEvent epoch) {
    }

    /** Adapts this to the training loop's listener interface for one stage. */
    default TrainListener listener(String stage) {
        Progress self = this;
        return new TrainListener() {
            @Override
            public void onStep(StepEvent step) {
                self.step(stage, step);
            }

            @Override
            public boolean onEpochEnd(EpochEvent epoch) {
                self.epoch(stage, epoch);
                return true;
            }
        };
    }

    Progress NONE = new Progress() {
    };
}
