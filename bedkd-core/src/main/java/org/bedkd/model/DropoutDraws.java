package org.bedkd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.SplittableRandom;

/**
 * Uniform int32 draws for the bf16 kernel's dropout masks, made in Java. libtorch's CPU {@code bernoulli_} (and
 * {@code random_}) call the generator once per element on one thread, about 150 M elements per second here: 100 of the
 * 400-odd milliseconds of a bf16 training step. SplitMix64 ({@link SplittableRandom}) fills the same draws several
 * times faster, and one copy hands them to libtorch. Each call is seeded from libtorch's generator, so a run seeded
 * through the engine draws the same masks again.
 */
final class DropoutDraws {

    /** One direct buffer per thread, grown as needed: allocating (and zeroing) tens of MB per layer call would cost. */
    private static final ThreadLocal<ByteBuffer> BUFFER = new ThreadLocal<>();
    /**
     * The most a thread keeps between calls (a batch of 32 × 128 tokens needs 38 MB); longer batches get a buffer of
     * their own, so a rare 512-token batch does not pin hundreds of MB to a worker thread.
     */
    private static final int KEPT_BYTES = 64 << 20;

    private DropoutDraws() {
    }

    /** {@code count} draws, each uniform over the int32 range, on {@code manager}'s device. */
    static NDArray next(NDManager manager, long count) {
        if (count > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException(count + " dropout draws do not fit one buffer");
        }
        long seed = manager.randomInteger(Long.MIN_VALUE, Long.MAX_VALUE, new Shape(1), DataType.INT64).getLong();
        SplittableRandom random = new SplittableRandom(seed);
        int bytes = (int) (count * 4);
        ByteBuffer buffer = BUFFER.get();
        if (buffer == null || buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(Math.max(bytes, 1 << 20)).order(ByteOrder.nativeOrder());
            if (bytes <= KEPT_BYTES) {
                BUFFER.set(buffer);
            }
        }
        buffer.clear();
        LongBuffer longs = buffer.asLongBuffer();
        for (int i = 0; i < bytes / 8; i++) {
            longs.put(random.nextLong());
        }
        if (count % 2 == 1) {
            buffer.putInt(bytes - 4, random.nextInt());
        }
        buffer.position(0).limit(bytes);
        return manager.create(buffer, new Shape(count), DataType.INT32);
    }
}
