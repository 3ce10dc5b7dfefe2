package org.bedkd.model;

import ai.djl.ndarray.NDArray;

/**
 * Scalar operands that outlive the backward pass.
 *
 * <p>DJL's PyTorch {@code NDArray.div(Number)} (and {@code mul/add/minimum(Number)}) wraps the number in a tensor
 * backed by a Java direct buffer and closes it right after the op. Autograd, however, saves that scalar for the
 * backward pass (e.g. {@code DivBackward} needs the divisor), and once the buffer is garbage-collected the backward
 * pass reads freed memory: intermittent NaN gradients, seen here about once per 100 MiniLM steps. Creating the scalar
 * in the operand's own manager keeps it alive until the step's manager is closed, after backward.
 */
public final class Scalars {

    private Scalars() {
    }

    /** A float32 scalar attached to {@code like}'s manager. */
    public static NDArray of(NDArray like, float value) {
        return like.getManager().create(value);
    }
}
