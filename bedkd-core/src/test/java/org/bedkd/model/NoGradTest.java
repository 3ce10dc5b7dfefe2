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
        List<Boolean> seen = new ArrayList<>();
        onAFreshThread(() -> {
            seen.add(JniUtils.isGradMode());
            try (NoGrad outer = NoGrad.scope()) {
                seen.add(JniUtils.isGradMode());
                try (NoGrad inner = NoGrad.scope()) {
                    seen.add(JniUtils.isGradMode());
                }
                seen.add(JniUtils.isGradMode()); // the inner scope found it off and leaves it off
            }
            seen.add(JniUtils.isGradMode());
        });
        // on (libtorch's default for a new thread), off, off, still off, on again
        assertThat(seen).containsExactly(true, false, false, false, true);
    }

    @Test
    void inferenceLeavesTheCallersGradModeAsItWas() throws Exception {
        List<Boolean> seen = new ArrayList<>();
        onAFreshThread(() -> {
            try (TextClassifier model = TextClassifier.fromPretrainedMiniLm("nograd",
                    org.bedkd.data.LabelSchema.generic("t", 2), ClassifierConfig.miniLm(2, 16))) {
                model.probabilities(List.of("a fine film", "dull"), 2);
                seen.add(JniUtils.isGradMode());
            }
        });
        assertThat(seen).containsExactly(true);
    }

    /** Runs {@code body} on a new thread (libtorch's per-thread state starts fresh there) and fails with its failure. */
    private static void onAFreshThread(Runnable body) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "worker");
        worker.start();
        worker.join();
        assertThat(failure.get()).isNull();
    }
}
