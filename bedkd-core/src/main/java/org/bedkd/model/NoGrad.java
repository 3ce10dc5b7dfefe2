package org.bedkd.model;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Autograd off on the calling thread for a scope, as it was after. libtorch keeps grad mode per thread and starts every
 * thread with it on; DJL turns it off only on the thread that started the engine, and switches it only around a
 * gradient collector. Inference on any other thread (every service's worker threads) ran the TorchScript kernels
 * with autograd on: the screener's models scored 82–96 records/s on such a thread against 116–123 with this scope
 * (one thread, the screening bench's sentences).
 */
public final class NoGrad implements AutoCloseable {

    private final boolean wasOn;

    private NoGrad() {
        wasOn = JniUtils.isGradMode();
        if (wasOn) {
            JniUtils.setGradMode(false);
        }
    }

    /** Turns autograd off until {@link #close}. */
    public static NoGrad scope() {
        return new NoGrad();
    }

    @Override
    public void close() {
        if (wasOn) {
            JniUtils.setGradMode(true);
        }
    }
}
