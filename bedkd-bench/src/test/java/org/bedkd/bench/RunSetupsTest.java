package org.bedkd.bench;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bedkd.cli.CliSupport;
import org.bedkd.pipeline.ExperimentConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSetupsTest {

    private static final ExperimentConfig STORED = CliSupport.config("quick",
            Map.of("trainRows", "3000", "precision", "bf16"), 42);

    @Test
    void aRunOfTheStoredSetupMayWriteBesideIt(@TempDir Path runs) throws IOException {
        store(runs.resolve("sst2-badwords-quick-bf16-42"), "sst2-badwords", STORED);
        assertThatCode(() -> RunSetups.requireSame(runs, List.of("sst2-badwords"), STORED.withSeed(43), false))
                .doesNotThrowAnyException();
    }

    @Test
    void anotherSetupOfTheSameCellIsRefusedBeforeItOverwritesTheStoredRun(@TempDir Path runs) throws IOException {
        store(runs.resolve("sst2-badwords-quick-bf16-42"), "sst2-badwords", STORED);
        ExperimentConfig wholeSet = CliSupport.config("quick", Map.of("precision", "bf16", "victimEpochs", "5"), 42);
        assertThatThrownBy(() -> RunSetups.requireSame(runs, List.of("sst2-badwords"), wholeSet, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runs/sst2-badwords-quick-bf16-42")
                .hasMessageContaining("trainRows=3000, victimEpochs=2")
                .hasMessageContaining("asks for trainRows=0, victimEpochs=5")
                .hasMessageContaining("--results");
    }

    @Test
    void otherCellsAndOtherPrecisionsAreTheirOwn(@TempDir Path runs) throws IOException {
        store(runs.resolve("sst2-badwords-quick-bf16-42"), "sst2-badwords", STORED);
        ExperimentConfig fp32WholeSet = CliSupport.config("quick", Map.of("precision", "fp32"), 42);
        assertThatCode(() -> RunSetups.requireSame(runs, List.of("sst2-badwords"), fp32WholeSet, false))
                .doesNotThrowAnyException();
        assertThatCode(() -> RunSetups.requireSame(runs, List.of("sst2-addsent"),
                CliSupport.config("quick", Map.of("precision", "bf16"), 42), false)).doesNotThrowAnyException();
    }

    @Test
    void theRivalFiltersScoreTheSameVictimsOnATestSubsetBesideTheDefenseRuns(@TempDir Path runs) throws IOException {
        store(runs.resolve("sst2-badwords-quick-bf16-42"), "sst2-badwords", STORED);
        ExperimentConfig filters = CliSupport.config("quick",
                Map.of("trainRows", "3000", "precision", "bf16", "testRows", "600"), 42);
        assertThatCode(() -> RunSetups.requireSame(runs, List.of("sst2-badwords"), filters, true))
                .doesNotThrowAnyException();
        store(runs.resolve("sst2-badwords-quick-bf16-42-filters"), "sst2-badwords", filters);
        assertThatCode(() -> RunSetups.requireSame(runs, List.of("sst2-badwords"), STORED, false))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> RunSetups.requireSame(runs, List.of("sst2-badwords"), STORED, true))
                .as("filter runs are compared with filter runs").hasMessageContaining("testRows=600");
    }

    /** A run directory as the bench writes it: the report's name and its (resolved) configuration. */
    private static void store(Path dir, String cell, ExperimentConfig config) throws IOException {
        Files.createDirectories(dir);
        ObjectNode report = CliSupport.json().createObjectNode();
        report.put("name", cell);
        report.set("config", CliSupport.json().valueToTree(config));
        Files.writeString(dir.resolve("report.json"), CliSupport.json().writeValueAsString(report));
    }
}
