package org.bedkd.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/** Where a training set's frozen-teacher targets come from: a cache filled once, or the teacher run per batch. */
interface TeacherSource {

    boolean hasHidden();

    /** Teacher logits of {@code rows} as [B, C]. */
    NDArray logits(NDManager m, int[] rows, NDList inputs);

    /** Teacher last hidden states of {@code rows} as [B, seq, H], zero beyond each sample's length. */
    NDArray hidden(NDManager m, int[] rows, NDList inputs);
}
