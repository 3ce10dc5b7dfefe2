package org.bedkd.data;

import java.util.List;

/**
 * A dataset and what was skipped on the way (only with {@link ReadOptions#skipBadRows()}).
 *
 * @param dataset the rows that were read
 * @param skipped every skipped row, with the reason; empty when nothing was skipped
 */
public record ReadResult(Dataset dataset, List<SkippedRow> skipped) {

    public ReadResult {
        skipped = List.copyOf(skipped);
    }

    /** One row that was not read. */
    public record SkippedRow(long line, String reason) {
    }
}
