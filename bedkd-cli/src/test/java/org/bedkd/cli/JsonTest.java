package org.bedkd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {

    /** A metric that does not apply, as the reports carry it: a primitive field and a map value. */
    record Rates(double heldOut, float flip, double cacc, Map<String, Double> extra) {
    }

    @TempDir
    Path dir;

    @Test
    void aMetricThatDoesNotApplyIsWrittenAsNullAndReadBackAsNaN() throws Exception {
        Map<String, Double> extra = new LinkedHashMap<>();
        extra.put("unmeasured", Double.NaN);
        extra.put("measured", 2.5);
        Path file = dir.resolve("rates.json");
        Json.write(file, new Rates(Double.NaN, Float.NaN, 84.5, extra));

        String text = Files.readString(file);
        assertThat(text).doesNotContain("NaN");
        JsonNode tree = Json.MAPPER.readTree(text);
        assertThat(tree.get("heldOut").isNull()).isTrue();
        assertThat(tree.get("flip").isNull()).isTrue();
        assertThat(tree.get("cacc").asDouble()).isEqualTo(84.5);
        assertThat(tree.at("/extra/unmeasured").isNull()).isTrue();
        assertThat(tree.at("/extra/measured").asDouble()).isEqualTo(2.5);

        Rates back = Json.read(file, Rates.class);
        assertThat(back.heldOut()).as("not 0.0, which would read as a measured rate").isNaN();
        assertThat(back.flip()).isNaN();
        assertThat(back.cacc()).isEqualTo(84.5);
        assertThat(back.extra()).containsEntry("measured", 2.5).containsKey("unmeasured");
        assertThat(back.extra().get("unmeasured")).as("a boxed value stays null").isNull();
    }

    @Test
    void aFileWrittenBeforeWithNaNStringsStillReads() throws Exception {
        Path file = dir.resolve("old.json");
        Files.writeString(file, "{\"heldOut\" : \"NaN\", \"flip\" : \"NaN\", \"cacc\" : 80.0, \"extra\" : {}}");
        Rates old = Json.read(file, Rates.class);
        assertThat(old.heldOut()).isNaN();
        assertThat(old.flip()).isNaN();
        assertThat(old.cacc()).isEqualTo(80.0);
    }

    @Test
    void anInfinityKeepsItsStringForm() throws Exception {
        assertThat(Json.MAPPER.writeValueAsString(Map.of("punishBound", Double.POSITIVE_INFINITY)))
                .contains("\"Infinity\"");
    }
}
