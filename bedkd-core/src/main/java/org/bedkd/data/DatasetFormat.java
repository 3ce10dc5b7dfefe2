package org.bedkd.data;

import java.util.Locale;

/** The file formats a dataset can come in. */
public enum DatasetFormat {
    /** Comma-separated with a header; the staged BadActs files use the header {@code ,0,1,2}. */
    CSV,
    /** Tab-separated with a header; two-column files are split on the last tab (tweets may contain quotes). */
    TSV,
    /** One JSON object per line: {@code {"text"|"sentence": ..., "label": ..., "poisoned": ...}}. */
    JSONL;

    /** Guesses the format from a file name's extension. */
    public static DatasetFormat fromFileName(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv")) {
            return CSV;
        }
        if (n.endsWith(".tsv") || n.endsWith(".txt")) {
            return TSV;
        }
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
            return JSONL;
        }
        throw new DatasetException(fileName, 0, "cannot tell the format from the file name; use .csv, .tsv or .jsonl"
                + " (or name the format explicitly)");
    }
}
