package org.bedkd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipFile;
import org.bedkd.model.EncoderConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of {@code bench performance} that need no engine: the .npz hand-off, the FLOP count, the report. */
class PerformanceBenchTest {

    @TempDir
    Path dir;

    @Test
    void npzEntriesAreValidNpyVersion1() throws IOException {
        Path file = dir.resolve("x.npz");
        try (NpzWriter w = new NpzWriter(file)) {
            w.floats("w", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6.5f});
            w.longs("ids", new long[] {4}, new long[] {101, 7, 8, 102});
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            byte[] npy = zip.getInputStream(zip.getEntry("w.npy")).readAllBytes();
            assertThat(npy[0] & 0xff).isEqualTo(0x93);
            assertThat(new String(npy, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
            int headerLen = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
            assertThat((10 + headerLen) % 64).as("data starts 64-byte aligned").isZero();
            String header = new String(npy, 10, headerLen, StandardCharsets.US_ASCII);
            assertThat(header).contains("'descr': '<f4'").contains("'shape': (2, 3)").endsWith("\n");
            ByteBuffer data = ByteBuffer.wrap(npy, 10 + headerLen, 24).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(data.getFloat(10 + headerLen + 20)).isEqualTo(6.5f);

            byte[] ids = zip.getInputStream(zip.getEntry("ids.npy")).readAllBytes();
            int idsHeader = (ids[8] & 0xff) | (ids[9] & 0xff) << 8;
            assertThat(new String(ids, 10, idsHeader, StandardCharsets.US_ASCII)).contains("'shape': (4,)");
            assertThat(ids.length - 10 - idsHeader).isEqualTo(4 * Long.BYTES);
        }
    }

    @Test
    void trainStepFlopsMatchTheHandCountForMiniLm() {
        // 6 layers × 2048 tokens × 2 × (4·384² + 2·384·1536 + 2·64·384) × 3 (forward + backward) ≈ 134 GFLOP.
        double gflop = DjlProbes.trainStepFlops(EncoderConfig.miniLmL6(), 32, 64) / 1e9;
        assertThat(gflop).isBetween(133.0, 135.0);
    }

    @Test
    void reportComparesBothEnginesAndSaysWhenTorchWasSkipped() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("commit", "abc");
        r.put("shapes", Map.of("batch", 32));
        r.put("train_step_ms", 1000.0);
        r.put("torch_train_step_ms", 2000.0);
        r.put("train_step_gflop", 134.0);
        r.put("train_step_gflops", 134.0);
        r.put("matmul_peak_gflops", 180.0);
        r.put("mepd_samples_per_s", 50.0);
        r.put("infer_samples_per_s", 100.0);
        r.put("torch_version", "1.13");
        r.put("blas", "openblas");
        r.put("parity_max_abs_diff", 1e-7);
        String md = PerformanceReport.markdown(r);
        assertThat(md).contains("| training step (ms, forward + backward + clip + AdamW) | 1000 | – | 2000 | – | 0.50 |")
                .contains("inference of the batch (ms) | – | – | – | – | – |").contains("50 % of the single-model");

        // With both precisions, the last column divides ours in the default precision by PyTorch's best.
        r.put("precision", "bf16");
        r.put("precision_auto", "bf16 (CPU has avx512_bf16)");
        r.put("fp32_train_step_ms", 1000.0);
        r.put("bf16_train_step_ms", 400.0);
        r.put("torch_bf16_train_step_ms", 500.0);
        r.put("bf16_matmul_peak_gflops", 600.0);
        r.put("bf16_train_step_gflops", 335.0);
        assertThat(PerformanceReport.markdown(r))
                .contains("| training step (ms, forward + backward + clip + AdamW) | 1000 | 400 | 2000 | 500 | 0.80 |")
                .contains("Our default precision here: **bf16** (auto: bf16 (CPU has avx512_bf16))")
                .contains("we reach 56 % of it in bf16");
        // Which libtorch ours ran on, where the run recorded it (the bundled one or PYTORCH_LIBRARY_PATH's).
        r.put("libtorch_version", "2.13.0");
        assertThat(PerformanceReport.markdown(r))
                .contains("(auto: bf16 (CPU has avx512_bf16)), on libtorch 2.13.0. The last column");

        // The attention kernel ours ran, and the other one measured in the same rounds; no sentence before a run
        // recorded it.
        assertThat(PerformanceReport.markdown(r)).doesNotContain("Our bf16 inference on prepared weights");
        r.put("attention", "fused");
        r.put("bf16_infer_samples_per_s", 1250.0);
        r.put("bf16_infer_batch_prepared_ms", 50.0);
        r.put("bf16_mepd_samples_per_s", 560.0);
        r.put("bf16_written_attention_infer_samples_per_s", 1180.0);
        r.put("bf16_written_attention_infer_batch_prepared_ms", 55.5);
        r.put("bf16_written_attention_mepd_samples_per_s", 520.0);
        assertThat(PerformanceReport.markdown(r)).contains("Our bf16 inference on prepared weights ran its attention in "
                + "libtorch's fused kernel (`scaled_dot_product_attention`) here (the CPU has AMX). With it written out "
                + "in the same rounds: prepared batch 55.5 ms (50.0), real sentences 1180 samples/s (1250), MEPD 520 "
                + "samples/s (560)");
        // The residual stream ours kept, and the other way measured in the same rounds.
        assertThat(PerformanceReport.markdown(r)).doesNotContain("kept the residual stream");
        r.put("residual_stream", "bf16");
        r.put("bf16_fp32_stream_infer_samples_per_s", 1090.0);
        r.put("bf16_fp32_stream_infer_batch_prepared_ms", 60.5);
        r.put("bf16_fp32_stream_mepd_samples_per_s", 480.0);
        assertThat(PerformanceReport.markdown(r)).contains("Our bf16 inference on prepared weights kept the residual "
                + "stream between layers in bf16 (its sums fused into the projections, as inference on a model cast to "
                + "bf16 runs). With it in fp32 in the same rounds: prepared batch 60.5 ms (50.0), real sentences 1090 "
                + "samples/s (1250), MEPD 480 samples/s (560)");

        r.put("torch_skipped", "no torch");
        assertThat(PerformanceReport.markdown(r)).contains("PyTorch reference not measured: no torch");
    }

    @Test
    void timingRoundsAreListedWithTheirRatios() {
        Map<String, Object> round = new LinkedHashMap<>(Map.of("bf16_infer_batch_ms", 90.0,
                "torch_bf16_infer_batch_ms", 100.0, "bf16_infer_samples_per_s", 500.0,
                "torch_bf16_infer_samples_per_s", 400.0, "bf16_mepd_samples_per_s", 250.0));
        Map<String, Object> r = new LinkedHashMap<>(Map.of("commit", "abc", "shapes", Map.of()));
        round.put("bf16_train_step_ms", 400.0);
        round.put("torch_bf16_train_step_ms", 500.0);
        r.put("timing_rounds", java.util.List.of(round, round));
        r.put("tokenize_samples_per_s", 15000.0);
        r.put("screening_records_per_s", 100.0);
        r.put("screening_capacity_records_per_s", 125.0);
        r.put("screening_share_of_capacity", 0.8);
        r.put("screening_source", "load.json: 2 replicas with 1/1 threads");
        r.put("screening_capacity_layout", "2 processes at once, 1 thread each");
        r.put("screening_steady_records_per_s", 110.0);
        r.put("screening_steady_share_of_capacity", 0.88);
        assertThat(PerformanceReport.markdown(r)).contains("## Round by round")
                .contains("(`bin/bench-screening --full-model`, load.json: 2 replicas with 1/1 threads): 100 "
                        + "records/s, **80 %** of this machine's MEPD capacity")
                .contains("measured in that run (125 records/s: 2 processes at once, 1 thread each)")
                .contains("While both replicas had records (the burst ends on one of them): 110 records/s, **88 %**")
                .contains("our tokenizer alone runs at 15000 sentences/s")
                // PyTorch's MEPD rate missing from the round: a dash, not a made-up ratio.
                .contains("| 2 | 400 / 500 | 0.80 | 90.0 / 100 | 0.90 | 500 / 400 | 1.25 | 250 / – | – |")
                .contains("| median of the rounds' ratios | | **0.80** | | **0.90** | | **1.25** | | – |");
    }

    @Test
    void wholeRunAblationRowsAreComparedWithTheAllOnRun() {
        Map<String, Object> on = new LinkedHashMap<>(Map.of("setting", "all_on", "bedkd_s", 100.0, "detection_s", 30.0,
                "akd_s", 70.0, "flagged", 500, "far", 1.0, "frr", 5.0, "selected_epoch", 4, "asr", 3.0, "cacc", 85.0));
        on.put("asr_floor", 10.0);
        on.put("akd_epochs", 6);
        Map<String, Object> off = new LinkedHashMap<>(on);
        off.put("setting", "no_teacher_cache");
        off.put("bedkd_s", 150.0);
        Map<String, Object> a = new LinkedHashMap<>(Map.of("data", "sst2-badnet", "train_rows", 2000, "seed", 42,
                "profile", "quick", "commit", "abc"));
        a.put("rows", java.util.List.of(on, off));
        Map<String, Object> r = new LinkedHashMap<>(Map.of("commit", "abc", "shapes", Map.of()));
        r.put("bedkd_ablation", a);
        assertThat(PerformanceReport.markdown(r)).contains("## Whole BeDKD runs, one speed-up off at a time")
                .contains("| all_on | 100 | – | 30 | 70 (6) | 500 | 1.00 / 5.00 | 4 | 3.00 (10.00) | 85.00 |")
                .contains("| no_teacher_cache | 150 | 1.50× |");
    }

    @Test
    void paperProfileWallTimeIsReadFromTheRunsReproduceWrote(@TempDir Path runs)
            throws IOException {
        Path paper = Files.createDirectories(runs.resolve("sst2-badwords-paper-42"));
        Files.writeString(paper.resolve("report.json"), "{\"config\": {\"profile\": \"paper\"}, \"sizes\": "
                + "{\"train\": 6920}, \"totalSeconds\": 3600, \"victimSeconds\": 600, \"detection\": {\"seconds\": "
                + "300}, \"methods\": [{\"method\": \"ft\", \"seconds\": 900}, {\"method\": \"bedkd\", "
                + "\"seconds\": 1200}]}");
        Path quick = Files.createDirectories(runs.resolve("sst2-badwords-quick-42"));
        Files.writeString(quick.resolve("report.json"), "{\"config\": {\"profile\": \"quick\"}, \"totalSeconds\": 1}");

        var rows = PaperProfileRuns.collect(runs);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("run", "sst2-badwords-paper-42").containsEntry("total_s", 3600.0)
                .containsEntry("other_s", 600.0);
        Map<String, Object> r = new LinkedHashMap<>(Map.of("commit", "abc", "shapes", Map.of()));
        r.put("paper_profile_runs", rows);
        assertThat(PerformanceReport.markdown(r)).contains("## End to end")
                .contains("| sst2-badwords-paper-42 | 6920 | 60.0 min | 10.0 min | 5.0 min | ft 15.0 min, "
                        + "bedkd 20.0 min | 10.0 min |");
    }
}
