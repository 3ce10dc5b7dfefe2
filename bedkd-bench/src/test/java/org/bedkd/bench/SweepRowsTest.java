package org.bedkd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepRowsTest {

    @TempDir
    Path dir;

    private static Map<String, Object> row(String method, String value, long seed, double far, double auroc) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("dataset", "sst2");
        r.put("attack", "synbkd");
        r.put("param", "dmmAlpha");
        r.put("value", value);
        r.put("seed", seed);
        r.put("method", method);
        r.put("far", far);
        r.put("frr", 5.0);
        r.put("auroc", auroc);
        r.put("dmm_flipped_acc", 20.0);
        r.put("below_gamma", 100);
        r.put("train_rows", 3000);
        r.put("profile", "quick");
        return r;
    }

    @Test
    void rowsSortByNumericValueAndAggregateSeedsIntoATableAndAPlot() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>(List.of(row("detection", "1.0", 42, 80, 0.6),
                row("detection", "0.3", 42, 70, 0.7), row("detection", "0.3", 43, 50, 0.9)));
        rows.sort(SweepRows.ORDER);
        assertThat(rows).extracting(r -> r.get("value")).containsExactly("0.3", "0.3", "1.0");
        assertThat(SweepRows.sameKey(rows.get(0), row("detection", "0.3", 42, 0, 0))).isTrue();
        assertThat(SweepRows.sameKey(rows.get(0), rows.get(1))).isFalse();

        String md = SweepRows.markdownAndPlots(rows, dir);
        assertThat(md).contains("## sst2 × synbkd: dmmAlpha, detection only")
                .contains("| 0.3 | 60.00 ± 14.14 | 5.00 ± 0.00 | 0.800 |").contains("| 1.0 | 80.00 | 5.00 | 0.600 |")
                .contains("(sweeps/sst2-synbkd-dmmAlpha-detection.png)").contains("FAR 42.00 / FRR 1.40");
        assertThat(Files.size(dir.resolve("sst2-synbkd-dmmAlpha-detection.png"))).isPositive();
    }
}
