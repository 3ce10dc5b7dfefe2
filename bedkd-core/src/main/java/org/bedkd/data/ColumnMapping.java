package org.bedkd.data;

import java.util.List;

/**
 * Which columns (CSV/TSV header names) or JSON fields hold the id, text, label and poison flag. A {@code null}
 * entry means "detect": the first present of the usual names.
 *
 * @param idColumn optional row id column
 * @param textColumn text column
 * @param labelColumn label column
 * @param flagColumn optional poison-flag column (1/0, true/false)
 */
public record ColumnMapping(String idColumn, String textColumn, String labelColumn, String flagColumn) {

    public static final List<String> TEXT_NAMES = List.of("text", "sentence", "sentences", "0");
    public static final List<String> LABEL_NAMES = List.of("label", "labels", "1");
    public static final List<String> FLAG_NAMES = List.of("poisoned", "poison_flag", "poison", "2");
    public static final List<String> ID_NAMES = List.of("id", "");

    /** Detect every column from the usual names. */
    public static ColumnMapping detect() {
        return new ColumnMapping(null, null, null, null);
    }

    static String resolve(String configured, List<String> usual, List<String> header) {
        if (configured != null) {
            return header.contains(configured) ? configured : null;
        }
        return usual.stream().filter(header::contains).findFirst().orElse(null);
    }
}
