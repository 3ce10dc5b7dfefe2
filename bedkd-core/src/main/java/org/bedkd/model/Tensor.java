package org.bedkd.model;

import java.util.Arrays;

/**
 * A named-free float32 tensor held on the Java heap (weights on their way into or out of a DJL block).
 *
 * @param shape dimensions, outermost first
 * @param data values in row-major order
 */
public record Tensor(long[] shape, float[] data) {

    public Tensor {
        long n = Arrays.stream(shape).reduce(1L, (a, b) -> a * b);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got "
                    + data.length);
        }
    }

    /** The transpose of a 2-D tensor. */
    public Tensor transpose2d() {
        if (shape.length != 2) {
            throw new IllegalStateException("transpose2d needs a 2-D tensor, shape is " + Arrays.toString(shape));
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[] out = new float[data.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = data[r * cols + c];
            }
        }
        return new Tensor(new long[] {cols, rows}, out);
    }
}
