package org.bedkd.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes a dataset as the CSV {@link DatasetReader} reads back: {@code id,text,label[,poisoned]}, labels as indices. */
public final class DatasetWriter {

    private DatasetWriter() {
    }

    /** The rows as UTF-8 CSV; the {@code poisoned} column only when every row says whether it carries a trigger. */
    public static byte[] csv(Dataset d) {
        boolean flags = d.hasPoisonFlags();
        CsvSchema.Builder schema = CsvSchema.builder().addColumn("id").addColumn("text").addColumn("label");
        if (flags) {
            schema.addColumn("poisoned");
        }
        List<List<String>> rows = new ArrayList<>(d.size());
        for (Sample s : d.samples()) {
            List<String> row = new ArrayList<>(List.of(s.id(), s.text(), String.valueOf(s.label())));
            if (flags) {
                row.add(s.isKnownPoisoned() ? "1" : "0");
            }
            rows.add(row);
        }
        try {
            return new CsvMapper().writer(schema.build().withHeader()).writeValueAsString(rows)
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
