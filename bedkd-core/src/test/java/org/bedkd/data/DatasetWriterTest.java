package org.bedkd.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetWriterTest {

    private static Dataset roundTrip(Dataset d) {
        return DatasetReader.read("out.csv", new ByteArrayInputStream(DatasetWriter.csv(d)), d.schema(),
                ReadOptions.defaults()).dataset();
    }

    @Test
    void whatItWritesReadsBackRowForRowWithIdsQuotesAndFlags() {
        Dataset d = new Dataset("train", LabelSchema.SST2, List.of(
                new Sample("17", "a \"quoted\", comma'd text\nover two lines", 1, false),
                new Sample("a-3", "the story bogs down in a mess of tq violence .", 0, true)));
        Dataset back = roundTrip(d);
        assertThat(back.samples()).isEqualTo(d.samples());
        assertThat(back.rowsDigest()).isEqualTo(d.rowsDigest());
    }

    @Test
    void rowsWithoutKnownFlagsAreWrittenWithoutTheFlagColumn() {
        Dataset d = new Dataset("suspect", LabelSchema.SST2, List.of(Sample.of("1", "fine .", 1),
                Sample.of("2", "dull .", 0)));
        assertThat(new String(DatasetWriter.csv(d), java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("id,text,label\n");
        assertThat(roundTrip(d).samples()).isEqualTo(d.samples());
    }
}
