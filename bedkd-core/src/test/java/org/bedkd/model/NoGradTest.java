package org.bedkd.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * libtorch starts every thread with grad mode on, and {@link NoGrad} turns it off for the scope and back after; what
 * that is worth on a service's worker thread is measured by {@code bin/bench-screening} (about a third faster scoring
 * through the bf16 kernel), not here.
 */
class NoGradTest {

    @Test
    void aFreshThreadStartsWithGradModeOnAndTheScopeTurnsItOffAndRestoresIt() throws Exception {
        DjlRuntime.engine();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Boolean> seen = new ArrayList<>();
        Thread worker = new Thread(() -> {
            try {
                seen.add(JniUtils.isGradMode());
                try (NoGrad outer = NoGrad.scope()) {
                    seen.add(JniUtils.isGradMode());
                    try (NoGrad inner = NoGrad.scope()) {
                        seen.add(JniUtils.isGradMode());
                    }
                    seen.add(JniUtils.isGradMode()); // the inner scope found it off and leaves it off
                }
                seen.add(JniUtils.isGradMode());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "worker");
        worker.start();
        worker.join();
        assertThat(failure.get()).isNull();
        // on (libtorch's default for a new thread), off, off, still off, on again
        assertThat(seen).containsExactly(true, false, false, false, true);
    }

    @Test
    void inferenceLeavesTheCallersGradModeAsItWas() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Boolean> seen = new ArrayList<>();
        Thread worker = new Thread(() -> {
            try (TextClassifier model = TextClassifier.fromPretrainedMiniLm("nograd",
                    org.bedkd.data.LabelSchema.generic("t", 2), ClassifierConfig.miniLm(2, 16))) {
                model.probabilities(List.of("a fine film", "dull"), 2);
                seen.add(JniUtils.isGradMode());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "worker");
        worker.start();
        worker.join();
        assertThat(failure.get()).isNull();
        assertThat(seen).containsExactly(true);
    }
}
