package org.bedkd.cli;

import java.util.List;

/**
 * Per-epoch values a caller measured beside one defense's training, outside the algorithm (a benchmark's audit,
 * say): written into that method's epochs in {@code report.json} and drawn on its epochs plot.
 *
 * @param method the defense, as named in the report
 * @param key the field added to each of its epochs in {@code report.json}
 * @param label the plot's name for the series
 * @param values one per epoch, in epoch order
 */
public record EpochColumn(String method, String key, String label, List<Double> values) {

    public EpochColumn {
        values = List.copyOf(values);
    }
}
