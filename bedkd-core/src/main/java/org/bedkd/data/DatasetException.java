package org.bedkd.data;

/** A dataset file that cannot be read as asked; the message names the file and, where known, the line. */
public class DatasetException extends IllegalArgumentException {

    private final String source;
    private final long line;

    public DatasetException(String source, long line, String reason) {
        super(line > 0 ? source + ":" + line + ": " + reason : source + ": " + reason);
        this.source = source;
        this.line = line;
    }

    /** The file or resource name. */
    public String source() {
        return source;
    }

    /** 1-based line number, or 0 when the problem is not tied to one line. */
    public long line() {
        return line;
    }
}
