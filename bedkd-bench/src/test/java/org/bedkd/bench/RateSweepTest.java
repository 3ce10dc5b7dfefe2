package org.bedkd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateSweepTest {

    @TempDir
    Path dir;

    private static Map<String, Object> row(String variant, int trainRows, double asr) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("dataset", "sst2");
        c.put("attack", "badwords");
        c.put("method", "bedkd");
        c.put("variant", variant);
        c.put("target", Integer.parseInt(variant.substring(variant.indexOf("-t") + 2)));
        c.put("train_rows", trainRows);
        c.put("asr", asr);
        c.put("victim_asr", 99.0);
        c.put("asr_floor", 10.0);
        c.put("reference_asr_floor", 11.0);
        return c;
    }

    @Test
    void onePlotPerSettingWithAtLeastTwoRates() {
        String md = RateSweep.markdownAndPlots(List.of(row("5pct-t1", 3000, 12), row("20pct-t1", 3000, 9),
                row("1pct-t1", 6920, 8), row("5pct-t0", 3000, 30)), dir);
        assertThat(md).contains("## ASR vs poison rate")
                .contains("(rates-sst2-badwords-t1-3000rows-quick-fp32.png)")
                .as("a single rate of a setting is no line").doesNotContain("6920rows").doesNotContain("t0-");
        assertThat(dir.resolve("rates-sst2-badwords-t1-3000rows-quick-fp32.png")).isNotEmptyFile();
        assertThat(RateSweep.markdownAndPlots(List.of(row("5pct-t1", 3000, 12)), dir)).isEmpty();
    }
}
