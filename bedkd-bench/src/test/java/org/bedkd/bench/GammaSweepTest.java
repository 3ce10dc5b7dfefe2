package org.bedkd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GammaSweepTest {

    @Test
    void farFallsAndFrrRisesAsGammaGrows() {
        // 4 clean samples in bins 0, 2, 3, 3; 2 poisoned in bins 0 and 1.
        int[] clean = {1, 0, 1, 2};
        int[] poisoned = {1, 1, 0, 0};
        double[][] c = GammaSweep.curve(clean, poisoned);
        // γ = 0.025: flags bin 0 → 1 of 2 poisoned missed (FAR 50), 1 of 4 clean flagged (FRR 25).
        assertThat(c[0]).containsExactly(50.0, 25.0);
        assertThat(c[1]).containsExactly(0.0, 25.0);
        assertThat(c[3]).containsExactly(0.0, 100.0);
    }

    @Test
    void runsOfTheSameCellUnderAnotherProfileAreNotAveragedIn(@TempDir Path runs) throws IOException {
        writeRun(runs.resolve("sst2-badwords-quick-42"), "quick", "[1, 0, 1, 2]");
        writeRun(runs.resolve("sst2-badwords-quick-43"), "quick", "[1, 0, 1, 2]");
        writeRun(runs.resolve("sst2-badwords-paper-42"), "paper", "[4, 0, 0, 0]");
        var cells = GammaSweep.cells(runs);
        assertThat(cells).containsOnlyKeys("sst2-badwords-quick", "sst2-badwords-paper");
        assertThat(cells.get("sst2-badwords-quick").seeds()).isEqualTo(2);
        assertThat(cells.get("sst2-badwords-paper").mean()[0]).as("every clean sample in the first bin")
                .containsExactly(50.0, 100.0);
    }

    @Test
    void cellsAreListedWithTheirRatesReadAsNumbers() {
        List<String> names = new ArrayList<>(List.of("sst2-addsent-quick-bf16",
                "sst2-addsent-10pct-t1-quick-bf16", "sst2-addsent-1pct-t1-quick-bf16",
                "sst2-addsent-20pct-t1-quick-bf16", "sst2-addsent-3pct-t1-quick-bf16",
                "olid-badwords-5pct-t0-quick-bf16"));
        names.sort(GammaSweep::byNumbersInName);
        assertThat(names).containsExactly("olid-badwords-5pct-t0-quick-bf16", "sst2-addsent-1pct-t1-quick-bf16",
                "sst2-addsent-3pct-t1-quick-bf16", "sst2-addsent-10pct-t1-quick-bf16",
                "sst2-addsent-20pct-t1-quick-bf16", "sst2-addsent-quick-bf16");
    }

    private static void writeRun(Path dir, String profile, String cleanHistogram) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.json"), "{\"name\": \"sst2-badwords\", \"config\": {\"profile\": \""
                + profile + "\"}, \"detection\": {\"cleanHistogram\": " + cleanHistogram
                + ", \"poisonedHistogram\": [1, 1, 0, 0]}}");
    }
}
