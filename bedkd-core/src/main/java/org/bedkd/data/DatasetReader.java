package org.bedkd.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads CSV, TSV and JSON Lines files into a {@link Dataset}. A bad row (missing column, unknown label, empty or
 * oversized text, duplicate id) fails the read with file and line, or is skipped and reported when the caller opts in.
 */
public final class DatasetReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

    private DatasetReader() {
    }

    /** Reads a file and fails on the first bad row. */
    public static Dataset readDataset(Path file, LabelSchema schema) {
        return read(file, schema, ReadOptions.defaults()).dataset();
    }

    public static ReadResult read(Path file, LabelSchema schema, ReadOptions options) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        DatasetFormat format = options.format() != null ? options.format() : DatasetFormat.fromFileName(name);
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in, schema, options.withFormat(format));
        } catch (NoSuchFileException e) {
            throw new DatasetException(file.toString(), 0, "file not found");
        } catch (IOException e) {
            throw new DatasetException(file.toString(), 0, "cannot read: " + e.getMessage());
        }
    }

    /** Reads from a stream; {@code sourceName} is used in messages and, with no explicit format, to guess it. */
    public static ReadResult read(String sourceName, InputStream in, LabelSchema schema, ReadOptions options) {
        DatasetFormat format = options.format() != null ? options.format() : DatasetFormat.fromFileName(sourceName);
        Rows rows = new Rows(sourceName, schema, options);
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        try {
            switch (format) {
                case CSV -> readCsv(reader, rows);
                case TSV -> readTsv(new BufferedReader(reader), rows);
                case JSONL -> readJsonl(new BufferedReader(reader), rows);
                default -> throw new IllegalStateException(format.name());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(sourceName + ": " + e.getMessage(), e);
        }
        if (rows.samples.isEmpty()) {
            throw new DatasetException(sourceName, 0, "no samples"
                    + (rows.skipped.isEmpty() ? "" : " (" + rows.skipped.size() + " rows skipped as bad)"));
        }
        String datasetName = Path.of(sourceName).getFileName().toString();
        return new ReadResult(new Dataset(datasetName, schema, rows.samples), rows.skipped);
    }

    private static void readCsv(Reader reader, Rows rows) throws IOException {
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).with(CsvSchema.emptySchema()).readValues(reader)) {
            if (!it.hasNext()) {
                throw new DatasetException(rows.source, 1, "empty file (expected a header row)");
            }
            Header header = rows.header(Arrays.asList(it.next()));
            while (true) {
                long line = it.getCurrentLocation().getLineNr();
                String[] cells;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    cells = it.next();
                } catch (RuntimeException e) {
                    // An unterminated quote or similar: the parser cannot resync, so this always fails the read.
                    throw new DatasetException(rows.source, line, "malformed CSV: " + rootMessage(e));
                }
                if (cells.length == 1 && cells[0].isBlank()) {
                    continue;
                }
                if (cells.length != header.names.size()) {
                    rows.bad(line, "expected " + header.names.size() + " columns, found " + cells.length);
                    continue;
                }
                rows.add(line, header, Arrays.asList(cells));
            }
        }
    }

    private static void readTsv(BufferedReader reader, Rows rows) throws IOException {
        String headerLine = reader.readLine();
        if (headerLine == null) {
            throw new DatasetException(rows.source, 1, "empty file (expected a header row)");
        }
        Header header = rows.header(splitTabs(stripCr(headerLine)));
        boolean twoColumns = header.names.size() == 2;
        long line = 1;
        for (String raw = reader.readLine(); raw != null; raw = reader.readLine()) {
            line++;
            String text = stripCr(raw);
            if (text.isBlank()) {
                continue;
            }
            List<String> cells;
            if (twoColumns) {
                // Split on the last tab: the label never contains one, and texts are written unquoted.
                int tab = text.lastIndexOf('\t');
                if (tab < 0) {
                    rows.bad(line, "expected 2 tab-separated columns, found 1");
                    continue;
                }
                cells = List.of(text.substring(0, tab), text.substring(tab + 1));
            } else {
                cells = splitTabs(text);
                if (cells.size() != header.names.size()) {
                    rows.bad(line, "expected " + header.names.size() + " columns, found " + cells.size());
                    continue;
                }
            }
            rows.add(line, header, cells);
        }
    }

    private static void readJsonl(BufferedReader reader, Rows rows) throws IOException {
        long line = 0;
        for (String raw = reader.readLine(); raw != null; raw = reader.readLine()) {
            line++;
            if (raw.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(raw);
            } catch (JsonProcessingException e) {
                rows.bad(line, "malformed JSON: " + e.getOriginalMessage());
                continue;
            }
            if (node == null || !node.isObject()) {
                rows.bad(line, "expected a JSON object");
                continue;
            }
            List<String> fields = new ArrayList<>();
            node.fieldNames().forEachRemaining(fields::add);
            Header header;
            try {
                header = rows.header(fields);
            } catch (DatasetException e) {
                rows.bad(line, e.getMessage().substring(e.getMessage().lastIndexOf(": ") + 2));
                continue;
            }
            List<String> cells = fields.stream().map(f -> node.get(f).isTextual() ? node.get(f).asText()
                    : node.get(f).isNull() ? "" : node.get(f).toString()).toList();
            rows.add(line, header, cells);
        }
    }

    private static List<String> splitTabs(String line) {
        return Arrays.stream(line.split("\t", -1)).map(String::strip).toList();
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** Resolved column positions for one header. */
    private record Header(List<String> names, int id, int text, int label, int flag) {
    }

    /** Accumulates rows, enforcing the row rules and the skip policy. */
    private static final class Rows {
        final String source;
        final LabelSchema schema;
        final ReadOptions options;
        final List<Sample> samples = new ArrayList<>();
        final List<ReadResult.SkippedRow> skipped = new ArrayList<>();
        final Set<String> ids = new HashSet<>();

        Rows(String source, LabelSchema schema, ReadOptions options) {
            this.source = source;
            this.schema = schema;
            this.options = options;
        }

        Header header(List<String> rawNames) {
            List<String> names = rawNames.stream().map(n -> n.strip().toLowerCase(Locale.ROOT)).toList();
            ColumnMapping c = options.columns();
            String text = ColumnMapping.resolve(lower(c.textColumn()), ColumnMapping.TEXT_NAMES, names);
            String label = ColumnMapping.resolve(lower(c.labelColumn()), ColumnMapping.LABEL_NAMES, names);
            String flag = ColumnMapping.resolve(lower(c.flagColumn()), ColumnMapping.FLAG_NAMES, names);
            String id = ColumnMapping.resolve(lower(c.idColumn()), ColumnMapping.ID_NAMES, names);
            if (text == null || label == null) {
                throw new DatasetException(source, 1, "missing " + (text == null ? "text" : "label") + " column"
                        + " (columns: " + rawNames + "; expected one of "
                        + (text == null ? nameOr(c.textColumn(), ColumnMapping.TEXT_NAMES)
                                : nameOr(c.labelColumn(), ColumnMapping.LABEL_NAMES)) + ")");
            }
            if (c.flagColumn() != null && flag == null) {
                throw new DatasetException(source, 1, "missing poison-flag column '" + c.flagColumn() + "'");
            }
            return new Header(names, id == null ? -1 : names.indexOf(id), names.indexOf(text), names.indexOf(label),
                    flag == null ? -1 : names.indexOf(flag));
        }

        void add(long line, Header h, List<String> cells) {
            String text = cells.get(h.text).strip();
            if (text.isEmpty()) {
                bad(line, "empty text");
                return;
            }
            if (text.length() > options.maxTextChars()) {
                bad(line, "text has " + text.length() + " characters, over the limit of " + options.maxTextChars());
                return;
            }
            String rawLabel = cells.get(h.label);
            var label = schema.parse(rawLabel);
            if (label.isEmpty()) {
                bad(line, "label '" + rawLabel.strip() + "' is not in schema " + schema.name() + " "
                        + schema.labels() + " (use an index 0.." + (schema.size() - 1) + " or a class name)");
                return;
            }
            Boolean flag = null;
            if (h.flag >= 0) {
                flag = parseFlag(cells.get(h.flag));
                if (flag == null) {
                    bad(line, "poison flag '" + cells.get(h.flag).strip() + "' is not one of 0, 1, true, false");
                    return;
                }
            }
            String id = h.id >= 0 && !cells.get(h.id).isBlank() ? cells.get(h.id).strip() : String.valueOf(line);
            if (!ids.add(id)) {
                bad(line, "duplicate id '" + id + "'");
                return;
            }
            samples.add(new Sample(id, text, label.get(), flag));
        }

        void bad(long line, String reason) {
            if (!options.skipBadRows()) {
                throw new DatasetException(source, line, reason);
            }
            skipped.add(new ReadResult.SkippedRow(line, reason));
        }

        private static Boolean parseFlag(String raw) {
            return switch (raw.strip().toLowerCase(Locale.ROOT)) {
                case "1", "true" -> Boolean.TRUE;
                case "0", "false" -> Boolean.FALSE;
                default -> null;
            };
        }

        private static String lower(String s) {
            return s == null ? null : s.toLowerCase(Locale.ROOT);
        }

        private static String nameOr(String configured, List<String> usual) {
            return configured != null ? List.of(configured).toString() : usual.toString();
        }
    }
}
