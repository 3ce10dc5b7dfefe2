package org.bedkd.data;

/**
 * How to read a dataset file.
 *
 * @param format file format, or {@code null} to guess from the file name
 * @param columns column names
 * @param skipBadRows when {@code true}, malformed rows are skipped and counted in the {@link ReadResult}; when
 *     {@code false} (default) the first bad row fails the read with its file and line
 * @param maxTextChars texts longer than this are bad rows (guards services against oversized input)
 */
public record ReadOptions(DatasetFormat format, ColumnMapping columns, boolean skipBadRows, int maxTextChars) {

    public static final int DEFAULT_MAX_TEXT_CHARS = 10_000;

    public ReadOptions {
        if (columns == null) {
            columns = ColumnMapping.detect();
        }
        if (maxTextChars <= 0) {
            throw new IllegalArgumentException("maxTextChars must be positive");
        }
    }

    public static ReadOptions defaults() {
        return new ReadOptions(null, ColumnMapping.detect(), false, DEFAULT_MAX_TEXT_CHARS);
    }

    public ReadOptions withFormat(DatasetFormat f) {
        return new ReadOptions(f, columns, skipBadRows, maxTextChars);
    }

    public ReadOptions withSkipBadRows(boolean skip) {
        return new ReadOptions(format, columns, skip, maxTextChars);
    }

    public ReadOptions withColumns(ColumnMapping c) {
        return new ReadOptions(format, c, skipBadRows, maxTextChars);
    }

    public ReadOptions withMaxTextChars(int max) {
        return new ReadOptions(format, columns, skipBadRows, max);
    }
}
