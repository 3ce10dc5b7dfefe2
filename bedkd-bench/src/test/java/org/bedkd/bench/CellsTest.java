package org.bedkd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellsTest {

    @Test
    void aCleanCellHasNoFarOnlyFrr() {
        // Nothing poisoned: nothing could be missed, so no FAR (the page prints a dash), while FRR still counts.
        assertThat(Cells.far(new org.bedkd.defense.mepd.DetectionQuality(0, 16.8, 0, 3000, 0, 503, 0))).isNull();
        assertThat(Cells.far(new org.bedkd.defense.mepd.DetectionQuality(21.008, 0.03, 119, 11796, 94, 4, 0.96)))
                .isEqualTo(21.01);
        assertThat(Cells.far(null)).isNull();
    }

    @TempDir
    Path dir;

    private static Map<String, Object> cell(String method, long seed, double asr, double cacc) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("dataset", "sst2");
        c.put("attack", "badwords");
        c.put("method", method);
        c.put("seed", seed);
        c.put("asr", asr);
        c.put("cacc", cacc);
        c.put("asr_floor", 10.0);
        c.put("dmm_alpha", method.equals("none") ? null : 1.0);
        c.put("gamma_rule", method.equals("none") ? null : "clean q0.05");
        c.put("gamma", method.equals("none") ? null : 0.1 + seed / 100.0);
        c.put("far", method.equals("none") ? null : 0.5);
        c.put("frr", null);
        c.put("train_rows", 3000);
        c.put("profile", "quick");
        return c;
    }

    @Test
    void markdownAggregatesSeedsAndShowsThePaper() {
        List<Map<String, Object>> cells = new ArrayList<>(List.of(cell("bedkd", 1, 4, 84), cell("bedkd", 2, 6, 86),
                cell("none", 1, 100, 83)));
        cells.sort(Cells.ORDER);
        assertThat(cells.get(0).get("method")).isEqualTo("none");
        String md = Cells.markdown(cells);
        assertThat(md).contains("## sst2 × badwords (3000 training rows, profile quick)");
        assertThat(md).contains("| bedkd | 5.00 ± 1.41 | 10.00 ± 0.00 | 85.00 ± 1.41 | 0.50 ± 0.00 | – | 1.0 | "
                + "clean q0.05 (0.115) | 2 | – |");
        assertThat(md).contains("| none | 100.00 | 10.00 | 83.00 | – | – | – | – | 1 | 100.00 / 91.63 |");
        Map<String, Object> older = cell("bedkd", 3, 5, 85);
        older.put("dmm_alpha", 0.3);
        assertThat(Cells.distinct(List.of(cells.get(1), older), "dmm_alpha")).as("a mixed group shows both")
                .isEqualTo("0.3, 1.0");
        older.put("gamma_rule", "0.050");
        assertThat(GammaColumn.of(List.of(cells.get(1), older))).as("a mixed group shows both rules")
                .isEqualTo("0.050 (1 seed) · clean q0.05 (0.110) (1 seed)");
    }

    @Test
    void aRerunWithoutReferencesKeepsThoseOfTheRowItReplaces() {
        Map<String, Object> old = cell("bedkd", 1, 40, 84);
        old.put("reference_asr_floor", 12.0);
        old.put("reference_class_recall", Map.of("negative", 88.0));
        old.put("restored_reference_asr_floor", 13.0);
        Map<String, Object> rerun = cell("bedkd", 1, 10, 85);
        Cells.keepReferences(old, rerun);
        assertThat(rerun).containsEntry("asr", 10.0).containsEntry("reference_asr_floor", 12.0)
                .containsEntry("reference_class_recall", Map.of("negative", 88.0))
                .containsEntry("restored_reference_asr_floor", 13.0);

        Map<String, Object> fresh = cell("bedkd", 1, 10, 85);
        fresh.put("reference_asr_floor", 11.0);
        Cells.keepReferences(old, fresh);
        assertThat(fresh).as("a reference trained in this run wins").containsEntry("reference_asr_floor", 11.0)
                .doesNotContainKey("reference_class_recall").containsEntry("restored_reference_asr_floor", 13.0);
    }

    @Test
    void referencesAreReusedOnlyBesideTheSameVictim() {
        Map<String, Object> old = cell("bedkd", 1, 40, 84);
        old.putAll(Map.of("victim_asr", 99.6, "victim_cacc", 80.7));
        Map<String, Object> rerun = cell("bedkd", 1, 10, 85);
        rerun.putAll(Map.of("victim_asr", 99.6, "victim_cacc", 80.7));
        assertThat(Cells.sameVictim(old, rerun)).isTrue();
        rerun.put("victim_cacc", 82.1);
        assertThat(Cells.sameVictim(old, rerun)).as("a victim trained otherwise: its references were too").isFalse();
        rerun.put("victim_cacc", 80.7);
        rerun.put("train_rows", 6920);
        assertThat(Cells.sameVictim(old, rerun)).isFalse();
    }

    @Test
    void aMovedVictimNamesTheReferencesToTrainAgain() {
        Map<String, Object> old = cell("bedkd", 1, 40, 84);
        old.putAll(Map.of("victim_asr", 99.6, "victim_cacc", 80.7, "reference_asr_floor", 12.0,
                "restored_reference_asr_floor", 13.0));
        Map<String, Object> otherSeed = cell("bedkd", 2, 40, 84);
        otherSeed.putAll(Map.of("victim_asr", 90.0, "victim_cacc", 80.0, "replica_reference_asr_floor", 12.0));
        Map<String, Object> rerun = cell("bedkd", 1, 10, 85);
        rerun.putAll(Map.of("victim_asr", 99.6, "victim_cacc", 80.7));
        assertThat(Cells.movedReferences(List.of(old, otherSeed), List.of(rerun))).as("same victim: reused").isEmpty();
        rerun.put("victim_cacc", 80.8);
        assertThat(Cells.movedReferences(List.of(old, otherSeed), List.of(rerun)))
                .as("only the references this seed's row had").containsExactly("reference_", "restored_reference_");
        assertThat(Cells.movedReferences(List.of(), List.of(rerun))).as("nothing stored, nothing to train").isEmpty();
    }

    @Test
    void rerunningACellReplacesItInTheJsonFile() {
        Path json = dir.resolve("reproduction.json");
        List<Map<String, Object>> cells = new ArrayList<>(List.of(cell("bedkd", 1, 4, 84)));
        ReproduceCommand.write(json, cells);
        List<Map<String, Object>> again = ReproduceCommand.read(json);
        Map<String, Object> rerun = cell("bedkd", 1, 3, 85);
        again.removeIf(c -> Cells.sameKey(c, rerun));
        again.add(rerun);
        ReproduceCommand.write(json, again);
        assertThat(ReproduceCommand.read(json)).hasSize(1).first().extracting(c -> c.get("asr")).isEqualTo(3.0);
    }

    @Test
    void aPaperProfileRunSitsBesideTheQuickRunOfTheSameSeed() {
        Map<String, Object> quick = cell("bedkd", 42, 4, 84);
        Map<String, Object> paper = cell("bedkd", 42, 60, 90);
        paper.put("profile", "paper");
        paper.put("train_rows", 6920);
        Map<String, Object> untagged = cell("bedkd", 42, 5, 85);
        untagged.remove("profile");
        assertThat(Cells.sameKey(quick, paper)).isFalse();
        assertThat(Cells.sameKey(quick, untagged)).as("rows from before the column were quick").isTrue();

        List<Map<String, Object>> cells = new ArrayList<>(List.of(paper, quick));
        cells.sort(Cells.ORDER);
        assertThat(cells).extracting(c -> c.get("profile")).containsExactly("quick", "paper");
        String md = Cells.markdown(cells);
        assertThat(md).contains("## sst2 × badwords (3000 training rows, profile quick)")
                .contains("## sst2 × badwords (6920 training rows, profile paper)")
                .contains("| bedkd | 4.00 |").contains("| bedkd | 60.00 |")
                .as("the paper profile's bedkd is the paper's recipe").contains("| 1 | 0.00 / 90.14 |");
    }

    @Test
    void aBf16RowSitsBesideTheFloat32RowOfTheSameSeed() {
        Map<String, Object> fp32 = cell("bedkd", 42, 4, 84);
        Map<String, Object> untagged = cell("bedkd", 42, 5, 85);
        fp32.put("precision", "fp32");
        fp32.put("encoder", "minilm-l6");
        untagged.put("encoder", "minilm-l6");
        Map<String, Object> bf16 = cell("bedkd", 42, 3, 84.5);
        bf16.put("precision", "bf16");
        bf16.put("encoder", "minilm-l6");
        assertThat(Cells.sameKey(fp32, bf16)).isFalse();
        assertThat(Cells.sameKey(fp32, untagged)).as("rows from before the column ran in float32").isTrue();

        List<Map<String, Object>> cells = new ArrayList<>(List.of(bf16, fp32));
        cells.sort(Cells.ORDER);
        assertThat(cells).extracting(c -> c.get("precision")).containsExactly("fp32", "bf16");
        assertThat(Cells.markdown(cells)).contains("| all-MiniLM-L6-v2 | bedkd | 4.00 |")
                .contains("| all-MiniLM-L6-v2, bf16 | bedkd | 3.00 |");
    }

    @Test
    void aRunWithChangedSettingsSitsBesideTheDefaultsRowAndSharesItsReferences() {
        Map<String, Object> byDefault = cell("bedkd", 42, 4, 84);
        byDefault.putAll(Map.of("victim_asr", 99.0, "victim_cacc", 85.0, "reference_asr_floor", 12.0));
        Map<String, Object> patienceOff = cell("bedkd", 42, 6, 83);
        patienceOff.putAll(Map.of("victim_asr", 99.0, "victim_cacc", 85.0));
        patienceOff.put(Cells.SETTINGS, new LinkedHashMap<>(Map.of("patience", "0")));
        assertThat(Cells.sameKey(byDefault, patienceOff)).isFalse();
        assertThat(Cells.sameCellAndMethod(byDefault, patienceOff)).isTrue();
        assertThat(Cells.movedReferences(List.of(byDefault), List.of(patienceOff))).as("same victim").isEmpty();

        List<Map<String, Object>> cells = new ArrayList<>(List.of(patienceOff, byDefault));
        cells.sort(Cells.ORDER);
        assertThat(cells).extracting(Cells::methodLabel).containsExactly("bedkd", "bedkd (patience=0)");
        assertThat(Cells.markdown(cells)).contains("| bedkd | 4.00 |").contains("| bedkd (patience=0) | 6.00 |");
    }

    @Test
    void aRunsReportNamesTheSettingsItChanged() {
        var quick = org.bedkd.pipeline.Profile.QUICK.config();
        var detection = new org.bedkd.pipeline.ExperimentReport.DetectionReport(99, 10, 0.05f, "clean q0.05", 10, 10, null,
                null, null, new int[20], new int[20], 1, List.of(), null, null);
        var config = org.bedkd.pipeline.Overrides.apply(quick, Map.of("patience", "0", "trainRows", "3000"))
                .withSeed(43);
        var r = new org.bedkd.pipeline.ExperimentReport("sst2-badwords", "x", 1, config, null, null, 0, detection,
                List.of(), 0);
        assertThat(ReproduceCommand.runName("sst2-badwords", r)).isEqualTo("sst2-badwords-quick-43+patience=0");
    }

    @Test
    void aBaselinesOnlyRunDoesNotOverwriteTheDetectionRunOfTheSameSeed() {
        var config = org.bedkd.pipeline.Profile.QUICK.config().withSeed(43);
        var detection = new org.bedkd.pipeline.ExperimentReport.DetectionReport(99, 10, 0.05f, "clean q0.05", 10, 10, null,
                null, null, new int[20], new int[20], 1, List.of(), null, null);
        var withDmm = new org.bedkd.pipeline.ExperimentReport("sst2-badwords", "x", 1, config, null, null, 0, detection,
                List.of(), 0);
        var baselines = new org.bedkd.pipeline.ExperimentReport("sst2-badwords", "x", 1, config, null, null, 0, null,
                List.of(), 0);
        assertThat(ReproduceCommand.runName("sst2-badwords", withDmm)).isEqualTo("sst2-badwords-quick-43");
        assertThat(ReproduceCommand.runName("sst2-badwords", baselines)).isEqualTo("sst2-badwords-quick-43-baselines");
        var bf16 = new org.bedkd.pipeline.ExperimentReport("sst2-badwords", "x", 1, config.withSpeed(config.speed()
                .withPrecision(org.bedkd.model.Precision.BF16)), null, null, 0, detection, List.of(), 0);
        assertThat(ReproduceCommand.runName("sst2-badwords", bf16)).as("a bf16 run keeps its own directory")
                .isEqualTo("sst2-badwords-quick-bf16-43");
    }

    @Test
    void theScorecardJudgesEachTargetAgainstBothReferencesAndSkipsAVictimThatDidNotLearn() {
        Map<String, Object> purified = cell("bedkd", 1, 12, 84);
        purified.putAll(Map.of("victim_asr", 99.0, "victim_cacc", 85.0, "variant", "10pct-t1",
                "class_recall", Map.of("negative", 90.0, "positive", 80.0), "trigger_flip_target", 4.0,
                "reference_asr_floor", 8.0, "reference_class_recall", Map.of("negative", 86.0, "positive", 82.0),
                "reference_trigger_flip_target", 2.0));
        purified.putAll(Map.of("restored_reference_asr_floor", 10.0,
                "restored_reference_class_recall", Map.of("negative", 88.0, "positive", 81.0),
                "restored_reference_trigger_flip_target", 10.0));
        String md = Cells.markdown(new ArrayList<>(List.of(purified)));
        assertThat(md).contains("## Targets, per cell").contains("| sst2 × badwords, 10 % poison, target 1 | 3000 | bedkd | 1 "
                + "| 99.0 | 12.0 | 10.0 ✓ | 8.0 ✗ / 10.0 ✓ | +1.0 ✓ | +4.0 ✗ / +2.0 ✓ | +2.0 ✓ / -6.0 ✗ |");

        purified.put("victim_asr", 60.0);
        assertThat(Cells.markdown(new ArrayList<>(List.of(purified)))).as("a victim that did not learn is not judged")
                .contains("| 60.0 (not learned) | 12.0 | 10.0 | 8.0 / 10.0 | +1.0 | +4.0 / +2.0 | +2.0 / -6.0 |");
    }

    @Test
    void theScorecardGivesTheClassGapsStandardErrorAndCountsTheTargetsMetPerMethod() {
        List<Map<String, Object>> rows = new ArrayList<>();
        double[][] recalls = {{90, 80, 86, 82}, {88, 76, 87, 80}};
        for (int seed = 0; seed < 2; seed++) {
            Map<String, Object> purified = cell("bedkd", 42 + seed, 10, 84);
            purified.putAll(Map.of("victim_asr", 99.0, "victim_cacc", 85.0, "variant", "10pct-t1",
                    "class_recall", Map.of("negative", recalls[seed][0], "positive", recalls[seed][1]),
                    "trigger_flip_target", 4.0, "reference_asr_floor", 8.0,
                    "reference_class_recall", Map.of("negative", recalls[seed][2], "positive", recalls[seed][3]),
                    "reference_trigger_flip_target", 2.0));
            rows.add(purified);
        }
        String md = Cells.markdown(rows);
        assertThat(md).as("positive: gaps -2 and -4, mean -3.0, standard error 1.0 (negative: +2.5)")
                .contains("| +1.0 ✓ | -3.0 ± 1.0 ✓ | +2.0 ✓ |")
                .contains("| method | cells | ASR ≤ own floor + 3 |").contains("| bedkd | 1 | 1 | 1 | 1 | 1 | 1 | 1 |");

        rows.forEach(r -> r.put("class_recall", Map.of("negative", 90.0, "positive", 70.0)));
        assertThat(Cells.markdown(rows)).as("the class recall miss fails the cell's every-target count")
                .contains("| bedkd | 1 | 1 | 1 | 1 | 0 | 1 | 0 |");

        rows.forEach(r -> {
            r.put("class_recall", r.get("reference_class_recall"));
            r.remove("trigger_flip_target");
            r.remove("reference_trigger_flip_target");
        });
        assertThat(Cells.markdown(rows)).as("no flips measured (a paraphrase trigger): no flip target to miss")
                .contains("| +0.0 ± 0.0 ✓ | – |").contains("| bedkd | 1 | 1 | 1 | 1 | 1 | 1 | 1 |");

        rows.forEach(r -> {
            r.put("restored_reference_asr_floor", r.remove("reference_asr_floor"));
            r.put("restored_reference_class_recall", r.remove("reference_class_recall"));
            r.put("restored_reference_trigger_flip_target", r.remove("reference_trigger_flip_target"));
        });
        assertThat(Cells.markdown(rows)).as("a cell measured against the restored reference alone is judged too")
                .contains("| 10.0 ✓ | – / 8.0 ✓ | +1.0 ✓ |");
    }

    @Test
    void theReferencesReplicaShowsHowFarTwoCleanModelsOfOneCellDiffer() {
        List<Map<String, Object>> rows = new ArrayList<>();
        // negative, positive: purified, reference, replica
        double[][] recalls = {{90, 80, 86, 82, 84, 85}, {88, 76, 87, 80, 89, 84}};
        for (int seed = 0; seed < 2; seed++) {
            Map<String, Object> purified = cell("bedkd", 42 + seed, 10, 84);
            purified.putAll(Map.of("victim_asr", 99.0, "victim_cacc", 85.0, "variant", "10pct-t1",
                    "class_recall", Map.of("negative", recalls[seed][0], "positive", recalls[seed][1]),
                    "restored_reference_asr_floor", 8.0, "restored_reference_trigger_flip_target", 2.0,
                    "restored_reference_class_recall",
                    Map.of("negative", recalls[seed][2], "positive", recalls[seed][3]),
                    "replica_restored_reference_asr_floor", 9.0 + seed,
                    "replica_restored_reference_trigger_flip_target", 1.0,
                    "replica_restored_reference_class_recall",
                    Map.of("negative", recalls[seed][4], "positive", recalls[seed][5])));
            rows.add(purified);
        }
        String md = Cells.markdown(rows);
        assertThat(md).as("replica − reference: positive +3, +4 (mean +3.5 ± 0.5); negative -2, +2; the purified "
                + "model on positive -2, -4, against the clean models' mean (83.5, 82) -3.5, -6; floors +1.5; flips -1").contains("### Two clean models of one cell")
                .contains("| sst2 × badwords, 10 % poison, target 1 | 3000 | bedkd | restored | 2 | +3.5 ± 0.5 (positive) "
                        + "| -3.0 ± 1.0 | -3.0 ± 1.0 (positive) | -4.8 ± 1.3 (positive) | +1.5 | -1.0 |");
        assertThat(md).as("read against the replica: its largest mean gap (+3.5) misses the class target, the purified "
                + "model's (-3.0) meets it; per seed and class the replica is within 3 in 3 of 4 pairs (-2, +3, +2, +4), "
                + "the purified model in 2 (+4, -2, +1, -4), and the two gaps run opposite ways here (r = -0.95)")
                .contains("| bedkd | 1 | 0 | 1 | 4 | 3 | 2 | -0.95 |");

        rows.forEach(r -> r.keySet().removeIf(k -> k.startsWith("replica_")));
        assertThat(Cells.markdown(rows)).as("no replica trained, no section").doesNotContain("Two clean models");

        Map<String, Object> old = cell("bedkd", 1, 40, 84);
        old.putAll(Map.of("replica_reference_asr_floor", 11.0, "replica_seed", 1001L));
        Map<String, Object> rerun = cell("bedkd", 1, 10, 85);
        Cells.keepReferences(old, rerun);
        assertThat(rerun).as("a re-run keeps the replica and its seed like the references")
                .containsEntry("replica_reference_asr_floor", 11.0).containsEntry("replica_seed", 1001L);
    }

    @Test
    void builtCellsSortByPoisonRateAfterTheStagedOne() {
        List<Map<String, Object>> cells = new ArrayList<>();
        for (String variant : List.of("10pct-t1", "1pct-t1", "3pct-t0")) {
            Map<String, Object> c = cell("bedkd", 1, 5, 85);
            c.put("variant", variant);
            cells.add(c);
        }
        cells.get(0).put("poison_rate", 10.0);
        cells.add(cell("bedkd", 1, 5, 85));
        cells.sort(Cells.ORDER);
        assertThat(cells).extracting(c -> c.get("variant")).as("rows before the column read the rate off the variant")
                .containsExactly(null, "1pct-t1", "3pct-t0", "10pct-t1");
    }

    @Test
    void aCellBuiltWithAnotherTriggerIsItsOwnCellAndSaysWhichTrigger() {
        Map<String, Object> standard = cell("bedkd", 42, 5, 85);
        standard.putAll(Map.of("variant", "10pct-t1", "poison_rate", 10.0));
        Map<String, Object> other = cell("bedkd", 42, 7, 84);
        other.putAll(Map.of("variant", "10pct-t1-jz-qv-xr", "poison_rate", 10.0, "trigger", "jz qv xr"));
        assertThat(Cells.sameKey(standard, other)).isFalse();
        assertThat(Cells.variantTitle(standard)).isEqualTo(", 10 % poison, target 1");
        assertThat(Cells.variantTitle(other)).isEqualTo(", 10 % poison, target 1, trigger \"jz qv xr\"");
        assertThat(Cells.poisonRate(other)).isEqualTo(10.0);
        assertThat(Cells.markdown(new ArrayList<>(List.of(standard, other))))
                .contains("## sst2 × badwords, 10 % poison, target 1 (3000 training rows")
                .contains("## sst2 × badwords, 10 % poison, target 1, trigger \"jz qv xr\" (3000 training rows");
    }

    @Test
    void aCellRunOnTheWholeSetSitsBesideItsSubsetRun() {
        Map<String, Object> subset = cell("bedkd", 42, 5, 85);
        subset.putAll(Map.of("variant", "10pct-t1", "poison_rate", 10.0));
        Map<String, Object> whole = cell("bedkd", 42, 7, 88);
        whole.putAll(Map.of("variant", "10pct-t1", "poison_rate", 10.0, "train_rows", 6920));
        assertThat(Cells.sameKey(subset, whole)).isFalse();
        assertThat(Cells.sameCellAndMethod(subset, whole)).as("references are never shared across scales").isFalse();

        List<Map<String, Object>> cells = new ArrayList<>(List.of(whole, subset, cell("none", 42, 90, 84)));
        cells.get(2).putAll(Map.of("variant", "10pct-t1", "poison_rate", 10.0, "train_rows", 6920));
        String md = Cells.markdown(cells);
        assertThat(md).contains("## sst2 × badwords, 10 % poison, target 1 (3000 training rows")
                .contains("## sst2 × badwords, 10 % poison, target 1 (6920 training rows")
                .contains("| all-MiniLM-L6-v2 | bedkd | 5.00 |").contains("| all-MiniLM-L6-v2 | bedkd | 7.00 |");
        assertThat(md.indexOf("(6920 training rows")).as("one heading per scale").isEqualTo(md.lastIndexOf("(6920 training rows"));
    }
}
