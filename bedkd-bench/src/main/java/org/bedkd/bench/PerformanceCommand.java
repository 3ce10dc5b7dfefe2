package org.bedkd.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.bedkd.cli.CliSupport;
import org.bedkd.data.Dataset;
import org.bedkd.data.Sample;
import org.bedkd.data.TaskData;
import org.bedkd.model.Bf16LayerKernel;
import org.bedkd.model.ClassifierConfig;
import org.bedkd.model.DjlRuntime;
import org.bedkd.model.EncoderConfig;
import org.bedkd.model.Precision;
import org.bedkd.model.TextClassifier;
import org.bedkd.pipeline.Experiment;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.pipeline.Profile;
import org.bedkd.pipeline.TaskCatalog;
import org.bedkd.train.TeacherOutputs;
import org.bedkd.train.TrainLoop;
import org.bedkd.train.TrainSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Speed and memory of our DJL code next to a PyTorch reference of the same model (same weights, batch, sequence
 * length and threads, in the same run), plus the machine's matmul peak, our own optimisations as an ablation (one
 * epoch, and whole BeDKD runs with each speed-up off), a memory curve over 1,000+ training steps and the quick
 * profile's wall time. Writes {@code performance.json}, {@code PERFORMANCE.md} and {@code perf/rss.png} under
 * {@code --results}.
 */
@Command(name = "performance", mixinStandardHelpOptions = true,
        description = "Measure training/inference speed and memory vs a PyTorch reference; results go to results/.")
public final class PerformanceCommand implements Callable<Integer> {

    /** Rows of the embedded slice {@code bin/demo} trains its suspect model on and screens. */
    private static final int DEMO_TRAIN_ROWS = 2000;
    /**
     * The {@code bin/bench-screening --full-model} run the report quotes (under {@code --results}; written there with
     * {@code --out}).
     */
    static final String SCREENING_LOAD = "reliability/screening-load-full-bf16-bursts.json";

    @Option(names = "--threads", defaultValue = "2",
            description = "Threads for both engines (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--batch", defaultValue = "32", description = "Timed batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq", defaultValue = "64", description = "Timed sequence length (default ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--repeats", defaultValue = "10", description = "Timed repetitions (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--score-rows", defaultValue = "1000",
            description = "Real sentences scored (default ${DEFAULT-VALUE}).")
    int scoreRows;

    @Option(names = "--rss-steps", defaultValue = "1000",
            description = "Training steps of the memory curve; 0 skips it.")
    int rssSteps;

    @Option(names = "--python", description = "Python with PyTorch (default: python3 on the PATH with --torch-dir, "
            + "the pip that installed the wheel; else /usr/bin/python3, Debian's, for python3-torch).")
    String python;

    @Option(names = "--torch-dir", description = "A directory with a pip-installed PyTorch 2.x, put on PYTHONPATH "
            + "(the strongest peer; without it the Python's own torch, e.g. Debian's 1.13).")
    Path torchDir;

    @Option(names = "--install-torch", description = "If torch is missing: pip install the wheel into --torch-dir "
            + "(offline, --no-index), or without --torch-dir apt-get install python3-torch and OpenBLAS (root).")
    boolean installTorch;

    @Option(names = "--skip-torch", description = "Measure only our side.")
    boolean skipTorch;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds in which our inference and training step "
            + "and PyTorch's are timed one right after the other; the timing rows are medians over them "
            + "(default ${DEFAULT-VALUE}; this machine's speed drifts by minutes).")
    int rounds;

    @Option(names = "--skip-end-to-end", description = "Skip the quick-profile run (about 3 minutes on 2 cores).")
    boolean skipEndToEnd;

    @Option(names = "--op-steps", defaultValue = "5",
            description = "Training steps under libtorch's op profiler (default ${DEFAULT-VALUE}); 0 skips it.")
    int opSteps;

    @Option(names = "--ops-only", description = "Only profile a training step op by op and add it to an existing "
            + "performance.json (the other numbers keep the commit they were measured at).")
    boolean opsOnly;

    @Option(names = "--skip-bedkd-ablation", description = "Skip the whole-run ablation of our speed-ups (a victim "
            + "and four BeDKD runs on the embedded slice, about 10 minutes on 2 cores).")
    boolean skipBedkdAblation;

    @Option(names = "--bedkd-ablation-only", description = "Only run the whole-run ablation and add it to an existing "
            + "performance.json.")
    boolean bedkdAblationOnly;

    @Option(names = "--paper-runs-only", description = "Only collect the paper profile's wall times from the runs "
            + "`bench reproduce --profile paper` wrote under results/runs and add them to an existing "
            + "performance.json.")
    boolean paperRunsOnly;

    @Option(names = "--report-only", description = "Only rewrite PERFORMANCE.md from performance.json.")
    boolean reportOnly;

    @Option(names = "--screening-only", description = "Only read the last `bin/bench-screening --full-model` result "
            + "(" + SCREENING_LOAD + ") into an existing performance.json and PERFORMANCE.md.")
    boolean screeningOnly;

    @Option(names = "--results", defaultValue = "results",
            description = "Results directory (default ${DEFAULT-VALUE}).")
    Path results;

    private final Map<String, Object> out = new LinkedHashMap<>();
    /** The PyTorch reference, once it ran (the inference rounds run it again). */
    private TorchReference reference;

    @Override
    public Integer call() throws IOException {
        DjlRuntime.setThreads(threads, threads);
        DjlRuntime.configure();
        Files.createDirectories(results.resolve("perf"));
        TaskData demo = TaskCatalog.demo();
        if (opsOnly || bedkdAblationOnly || paperRunsOnly || reportOnly || screeningOnly) {
            return partial(demo);
        }
        out.put("shapes", Map.of("batch", batch, "seq", seq, "threads", threads, "model", "all-MiniLM-L6-v2, 6 layers, "
                + "hidden 384, FFN 1536, mean pooling, 2 classes", "word_embeddings", "frozen",
                "score_rows", scoreRows));
        out.put("commit", CliSupport.commit());
        try (TextClassifier model = TextClassifier.fromPretrainedMiniLm("bench", demo.schema(),
                ClassifierConfig.miniLm(demo.schema().size(), seq))) {
            List<String> batchTexts = fullLengthTexts(demo.train(), model);
            int[] batchLabels = batchLabels(demo.train());
            long[][] batchTokens = model.tokenizer().encode(batchTexts);
            List<Sample> scored = demo.train().samples().subList(0, Math.min(scoreRows, demo.train().size()));
            Path reference = torch(model, batchTokens, batchLabels, scored);
            Precision chosen = DjlRuntime.precision();
            Precision.Detected auto = Precision.detect();
            out.put("precision", chosen.label());
            out.put("precision_auto", auto.precision().label() + " (" + auto.reason() + ")");
            // Ours runs on whatever libtorch DJL loaded: the bundled one, or PYTORCH_LIBRARY_PATH's (docker/README.md).
            out.put("libtorch_version", DjlRuntime.engine().getVersion());
            try {
                timingRounds(model, batchTokens, batchTexts, batchLabels, scored, reference);
                for (String key : List.of("infer_batch_ms", "infer_batch_samples_ms", "infer_samples_per_s",
                        "mepd_samples_per_s", "train_step_ms", "train_step_samples_ms")) {
                    out.put(key, out.get(chosen.label() + "_" + key));
                }
            } finally {
                deleteReference(reference);
            }
            matmulPeaks();
            stepGflops(model.config().encoder());
            model.setPrecision(chosen);
            profileOps(model, batchTexts, batchLabels);
            ablation(model, demo.train());
            memory(model, demo.train());
        }
        if (!skipEndToEnd) {
            endToEnd(demo);
        }
        if (!skipBedkdAblation) {
            bedkdAblation(demo);
        } else {
            keepPrevious("bedkd_ablation"); // it carries the commit it was measured at
        }
        write();
        return 0;
    }

    /**
     * One part of the bench (--ops-only, --bedkd-ablation-only, --paper-runs-only, --screening-only) added to an
     * existing file; every write re-reads the screening result.
     */
    private int partial(TaskData demo) throws IOException {
        out.putAll(previous());
        if (reportOnly) {
            CliSupport.writeGeneratedPage(results.resolve("PERFORMANCE.md"), PerformanceReport.markdown(out));
            return 0;
        }
        if (opsOnly) {
            try (TextClassifier model = TextClassifier.fromPretrainedMiniLm("bench", demo.schema(),
                    ClassifierConfig.miniLm(demo.schema().size(), seq))) {
                profileOps(model, fullLengthTexts(demo.train(), model), batchLabels(demo.train()));
            }
        }
        if (bedkdAblationOnly) {
            bedkdAblation(demo);
        }
        write();
        return 0;
    }

    /** Carries {@code key} over from the existing performance.json, if there is one. */
    private void keepPrevious(String key) throws IOException {
        Object previous = previous().get(key);
        if (previous != null) {
            out.put(key, previous);
        }
    }

    /** The existing performance.json, or an empty map. */
    private Map<String, Object> previous() throws IOException {
        Path json = results.resolve("performance.json");
        return Files.exists(json) ? CliSupport.json().readValue(json.toFile(),
                new TypeReference<Map<String, Object>>() { }) : Map.of();
    }

    private void bedkdAblation(TaskData demo) {
        Map<String, Object> a = BedkdAblation.measure(demo, demoConfig());
        a.put("commit", CliSupport.commit());
        out.put("bedkd_ablation", a);
    }

    private void profileOps(TextClassifier model, List<String> texts, int[] labels) throws IOException {
        if (opSteps <= 0) {
            return;
        }
        Map<String, Object> ops = OpProfile.measure(model, texts, labels, opSteps);
        ops.put("shapes", Map.of("batch", batch, "seq", seq, "threads", threads));
        out.put("op_profile", ops);
        log("op profile: %.0f ms per step, %.0f in matmuls, %.0f in other ops, %.0f outside any op",
                ops.get("wall_ms_per_step"), ops.get("matmul_ms_per_step"), ops.get("non_matmul_ms_per_step"),
                ops.get("outside_ops_ms_per_step"));
        long[][] tokens = model.tokenizer().encode(texts);
        Map<String, Object> inference = OpProfile.measureInference(model, tokens, opSteps);
        inference.put("shapes", Map.of("batch", batch, "seq", seq, "threads", threads));
        out.put("op_profile_inference", inference);
        log("op profile, inference: %.0f ms per batch, %.0f in matmuls, %.0f in other ops, %.0f outside any op",
                inference.get("wall_ms_per_step"), inference.get("matmul_ms_per_step"),
                inference.get("non_matmul_ms_per_step"), inference.get("outside_ops_ms_per_step"));
        // As MEPD scoring, evaluation and screening run: weights prepared once (prepacked on a CPU in bf16).
        try (var frozen = model.frozenForInference()) {
            Map<String, Object> prepared = OpProfile.measureInference(model, tokens, opSteps);
            prepared.put("shapes", Map.of("batch", batch, "seq", seq, "threads", threads));
            out.put("op_profile_inference_prepared", prepared);
            log("op profile, inference on prepared weights: %.0f ms per batch, %.0f in matmuls, %.0f in other ops",
                    prepared.get("wall_ms_per_step"), prepared.get("matmul_ms_per_step"),
                    prepared.get("non_matmul_ms_per_step"));
        }
    }

    /** Labels of the timed batch (its texts' labels do not matter for timing; these are real ones). */
    private int[] batchLabels(Dataset train) {
        return train.samples().subList(0, batch).stream().mapToInt(Sample::label).toArray();
    }

    /** {@code batch} texts that each fill all {@code seq} tokens (several real sentences joined, then truncated). */
    private List<String> fullLengthTexts(Dataset train, TextClassifier model) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; texts.size() < batch; i++) {
            StringBuilder t = new StringBuilder();
            for (int j = 0; j < 8; j++) {
                t.append(train.get((i * 8 + j) % train.size()).text()).append(' ');
            }
            texts.add(t.toString());
        }
        for (long[] tokens : model.tokenizer().encode(texts)) {
            if (tokens.length != seq) {
                throw new IllegalStateException("a timed text has " + tokens.length + " tokens, expected " + seq);
            }
        }
        return texts;
    }

    /**
     * Exports weights and inputs, then lets the reference run while our side is idle. Returns its input file, kept
     * for the inference rounds ({@link #deleteReference} removes it), or null when the reference cannot run.
     */
    private Path torch(TextClassifier model, long[][] batchTokens, int[] labels, List<Sample> scored)
            throws IOException {
        if (skipTorch) {
            out.put("torch_skipped", "--skip-torch");
            return null;
        }
        String interpreter = python != null ? python : torchDir != null ? "python3" : "/usr/bin/python3";
        TorchReference reference = new TorchReference(interpreter, torchDir);
        Optional<String> problem = reference.prepare(installTorch);
        if (problem.isPresent()) {
            System.err.println("bench: PyTorch reference skipped: " + problem.get());
            out.put("torch_skipped", problem.get());
            return null;
        }
        Path work = Files.createTempDirectory("bedkd-perf");
        Path npz = work.resolve("reference.npz");
        try (NpzWriter w = new NpzWriter(npz)) {
            Map<String, ai.djl.nn.Parameter> params = new LinkedHashMap<>(model.block().huggingFaceParameters());
            params.putAll(model.block().headParameters());
            params.forEach((name, p) -> w.floats(name, p.getArray().getShape().getShape(),
                    p.getArray().toFloatArray()));
            w.longs("batch_ids", new long[] {batchTokens.length, seq}, DjlProbes.flatten(batchTokens));
            w.longs("batch_labels", new long[] {labels.length}, java.util.Arrays.stream(labels).asLongStream().toArray());
            for (Precision p : Precision.values()) {
                float[][] probs = model.setPrecision(p).probabilities(batchTokens, batch);
                w.floats(p == Precision.FP32 ? "java_probabilities" : "java_bf16_probabilities",
                        new long[] {probs.length, probs[0].length}, flatten(probs));
            }
            long[][] sentences = model.tokenizer().encode(scored.stream().map(Sample::text).toList());
            long[] offsets = new long[sentences.length];
            long[] lengths = new long[sentences.length];
            for (int i = 0, at = 0; i < sentences.length; at += sentences[i].length, i++) {
                offsets[i] = at;
                lengths[i] = sentences[i].length;
            }
            long[] flat = DjlProbes.flatten(sentences);
            w.longs("sentences_flat", new long[] {flat.length}, flat);
            w.longs("sentences_offsets", new long[] {offsets.length}, offsets);
            w.longs("sentences_lengths", new long[] {lengths.length}, lengths);
            w.text("config.json", CliSupport.json().writeValueAsString(Map.of("threads", threads, "seed", 42,
                    "heads", model.config().encoder().heads(), "infer_repeats", repeats, "train_repeats", repeats,
                    "score_batch", 32)));
        }
        System.err.println("bench: running the PyTorch reference (" + interpreter + ") ...");
        this.reference = reference;
        try {
            out.putAll(reference.measure(npz, work, threads, false));
        } catch (RuntimeException e) {
            deleteReference(npz);
            throw e;
        }
        return npz;
    }

    /** The reference's input (every weight, ~90 MB; nothing in it is a result) and its working directory. */
    private static void deleteReference(Path npz) throws IOException {
        if (npz == null) {
            return;
        }
        try (var files = Files.list(npz.getParent())) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(npz.getParent());
    }

    /**
     * Our inference and training step in each precision, then PyTorch's, {@code --rounds} times. One pass each, minutes
     * apart, compared the machine's drift more than the engines (PyTorch's bf16 batch took 109 ms in one run and 184 in
     * another; our step 462 ms in one and 380 in the next). The headline numbers are medians over the rounds; every
     * round is kept.
     */
    private void timingRounds(TextClassifier model, long[][] batchTokens, List<String> batchTexts, int[] labels,
            List<Sample> scored, Path npz) {
        List<String> keys = List.of("infer_batch_ms", "infer_batch_prepared_ms", "infer_samples_per_s",
                "mepd_samples_per_s", "train_step_ms", "fused_adamw_train_step_ms");
        List<Map<String, Object>> all = new ArrayList<>();
        for (int r = 0; r < Math.max(1, rounds); r++) {
            Map<String, Object> round = new LinkedHashMap<>();
            for (Precision p : Precision.values()) {
                model.setPrecision(p);
                round.putAll(measureInference(model, batchTokens, scored, p.label() + "_"));
                round.putAll(measureTraining(model, batchTexts, labels, p.label() + "_"));
            }
            round.putAll(otherAttention(model, batchTokens, scored));
            round.putAll(otherResidualStream(model, batchTokens, scored));
            if (npz != null) {
                Map<String, Object> torch = reference.measure(npz, npz.getParent(), threads, true);
                for (String prefix : List.of("torch_", "torch_bf16_")) {
                    keys.forEach(k -> round.put(prefix + k, torch.get(prefix + k)));
                }
            }
            all.add(round);
            log("round %d/%d, bf16 ours / PyTorch: step %.0f / %s ms, batch %.0f / %s ms, prepared batch %.0f / %s ms, "
                    + "MEPD %.0f / %s samples/s",
                    r + 1, Math.max(1, rounds), round.get("bf16_train_step_ms"), round.get("torch_bf16_train_step_ms"),
                    round.get("bf16_infer_batch_ms"), round.get("torch_bf16_infer_batch_ms"),
                    round.get("bf16_infer_batch_prepared_ms"), round.get("torch_bf16_infer_batch_prepared_ms"),
                    round.get("bf16_mepd_samples_per_s"), round.get("torch_bf16_mepd_samples_per_s"));
        }
        out.put("timing_rounds", all);
        for (String key : all.get(0).keySet()) {
            if (all.get(0).get(key) instanceof Number) {
                out.put(key, DjlProbes.median(all.stream().map(m -> m.get(key)).filter(Number.class::isInstance)
                        .map(v -> ((Number) v).doubleValue()).toList()));
            } else {
                out.put(key, all.get(all.size() - 1).get(key)); // the last round's samples
            }
        }
    }

    /**
     * Our inference and MEPD rates in the model's current precision, under keys starting with {@code prefix}. The
     * sentences are tokenised beforehand, as the PyTorch reference's are (it gets token ids); what tokenising costs
     * is measured on its own.
     */
    private Map<String, Object> measureInference(TextClassifier model, long[][] batchTokens, List<Sample> scored,
            String prefix) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Double> infer = DjlProbes.inferBatches(model, batchTokens, repeats);
        m.put(prefix + "infer_batch_ms", DjlProbes.median(infer));
        m.put(prefix + "infer_batch_samples_ms", infer);
        // As a served model runs: weights prepared once (PyTorch's side: one autocast region, its cast cache).
        try (var frozen = model.frozenForInference()) {
            List<Double> prepared = DjlProbes.inferBatches(model, batchTokens, repeats);
            m.put(prefix + "infer_batch_prepared_ms", DjlProbes.median(prepared));
            m.put(prefix + "infer_batch_prepared_samples_ms", prepared);
        }
        List<String> texts = scored.stream().map(Sample::text).toList();
        long t0 = System.nanoTime();
        long[][] tokens = model.tokenizer().encode(texts);
        m.put("tokenize_samples_per_s", texts.size() / ((System.nanoTime() - t0) / 1e9));
        model.probabilities(java.util.Arrays.copyOf(tokens, Math.min(64, tokens.length)), 32); // warm-up
        m.put(prefix + "infer_samples_per_s", DjlProbes.inferenceThroughput(model, tokens, 32));
        try (TextClassifier dmm = model.copy("bench-dmm")) {
            m.put(prefix + "mepd_samples_per_s", DjlProbes.mepdThroughput(model, dmm, tokens, 32));
        }
        log("%s inference %.0f ms/batch (%.0f prepared), %.0f samples/s; MEPD %.0f samples/s",
                prefix.replace('_', ' ').strip(), m.get(prefix + "infer_batch_ms"), m.get(prefix + "infer_batch_prepared_ms"),
                m.get(prefix + "infer_samples_per_s"),
                m.get(prefix + "mepd_samples_per_s"));
        return m;
    }

    /**
     * bf16 inference and MEPD with the attention kernel this CPU does not get by default (written out where it is
     * fused, fused where it is written out; {@link Bf16LayerKernel#fusedAttention()}: frozen inference only), in the
     * same round: the measurement behind the choice.
     */
    private Map<String, Object> otherAttention(TextClassifier model, long[][] batchTokens, List<Sample> scored) {
        boolean fused = Bf16LayerKernel.fusedAttention();
        out.put("attention", fused ? "fused" : "written");
        return flipped(fused, Bf16LayerKernel::fusedAttention, model, batchTokens, scored,
                "bf16_" + (fused ? "written" : "fused") + "_attention_");
    }

    /**
     * bf16 inference and MEPD with frozen inference's residual stream the other way ({@link
     * Bf16LayerKernel#bf16Stream()}: bf16 by default, fp32 as autocast keeps it), in the same round.
     */
    private Map<String, Object> otherResidualStream(TextClassifier model, long[][] batchTokens, List<Sample> scored) {
        boolean bf16 = Bf16LayerKernel.bf16Stream();
        out.put("residual_stream", bf16 ? "bf16" : "fp32");
        return flipped(bf16, Bf16LayerKernel::bf16Stream, model, batchTokens, scored,
                "bf16_" + (bf16 ? "fp32" : "bf16") + "_stream_");
    }

    /** bf16 inference and MEPD under {@code prefix} with a process-wide kernel switch turned from {@code on} and back. */
    private Map<String, Object> flipped(boolean on, Consumer<Boolean> set, TextClassifier model, long[][] batchTokens,
            List<Sample> scored, String prefix) {
        model.setPrecision(Precision.BF16);
        set.accept(!on);
        try {
            return measureInference(model, batchTokens, scored, prefix);
        } finally {
            set.accept(on);
        }
    }

    /**
     * The float32 matmul through DJL and the bf16 one through our TorchScript kernel, on this libtorch: whether bf16
     * reaches the fast kernels here. The floors are the best either engine reaches.
     */
    private void matmulPeaks() {
        double peak = 0;
        double bf16Peak = 0;
        for (int[] mkn : new int[][] {{2048, 384, 384}, {2048, 384, 1536}}) {
            String shape = String.format(Locale.ROOT, "%dx%dx%d", mkn[0], mkn[1], mkn[2]);
            double g = DjlProbes.matmulGflops(mkn[0], mkn[1], mkn[2], 30);
            out.put("matmul_" + shape + "_gflops", g);
            double b = Bf16LayerKernel.matmulGflops(mkn[0], mkn[1], mkn[2], 30);
            out.put("bf16_matmul_" + shape + "_gflops", b);
            peak = Math.max(peak, Math.max(g, num("torch_matmul_" + shape + "_gflops")));
            bf16Peak = Math.max(bf16Peak, Math.max(b, num("torch_bf16_matmul_" + shape + "_gflops")));
            log("matmul %s: %.0f GFLOP/s fp32, %.0f bf16 (ours)", shape, g, b);
        }
        out.put("matmul_peak_gflops", peak);
        out.put("bf16_matmul_peak_gflops", bf16Peak);
    }

    /** Achieved GFLOP/s of each engine's and precision's training step (analytic FLOP count). */
    private void stepGflops(EncoderConfig encoder) {
        double flops = DjlProbes.trainStepFlops(encoder, batch, seq) / 1e9;
        out.put("train_step_gflop", flops);
        for (String engine : List.of("", "fp32_", "bf16_", "torch_", "torch_bf16_")) {
            double ms = num(engine + "train_step_ms");
            if (!Double.isNaN(ms)) {
                out.put(engine + "train_step_gflops", flops / (ms / 1000));
            }
        }
    }

    private double num(String key) {
        return out.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private Map<String, Object> measureTraining(TextClassifier model, List<String> texts, int[] labels,
            String prefix) {
        List<Double> steps = DjlProbes.trainSteps(model, texts, labels, repeats + 2,
                TrainSettings.defaults(1, 42));
        List<Double> timed = new ArrayList<>(steps.subList(2, steps.size()));
        double ms = DjlProbes.median(timed);
        log("%s train step %.0f ms", model.precision().label(), ms);
        return new LinkedHashMap<>(Map.of(prefix + "train_step_ms", ms, prefix + "train_step_samples_ms", timed));
    }

    /**
     * Our three speed choices switched off one at a time, on one epoch over 512 real sentences (batch 32): length
     * bucketing and frozen word embeddings change the step; the teacher cache saves one teacher pass per extra epoch,
     * so its cost is that pass.
     */
    private void ablation(TextClassifier model, Dataset train) {
        Dataset part = train.withSamples("ablation", train.samples().subList(0, Math.min(512, train.size())));
        var set = org.bedkd.train.TrainingSet.of(model, part);
        TrainSettings on = TrainSettings.defaults(1, 42);
        Map<String, TrainSettings> variants = new LinkedHashMap<>();
        variants.put("all_on", on);
        variants.put("no_length_bucketing", on.withLengthBucketing(false));
        variants.put("word_embeddings_trained", on.withFreezeWordEmbeddings(false));
        Map<String, Object> ablation = new LinkedHashMap<>();
        for (var v : variants.entrySet()) {
            double s = TrainLoop.fit(model, v.getValue(), List.of(new org.bedkd.train.Phase("ablation", set,
                    new org.bedkd.train.loss.CrossEntropyLoss(), 32)), org.bedkd.train.TrainListener.NONE).seconds();
            ablation.put(v.getKey() + "_epoch_s", s);
            log("ablation %s: %.1f s per epoch of %d sentences", v.getKey(), s, part.size());
        }
        long t0 = System.nanoTime();
        TeacherOutputs.compute(model, set.tokens(), true, 64);
        double teacher = (System.nanoTime() - t0) / 1e9;
        ablation.put("teacher_pass_s", teacher);
        ablation.put("sentences", part.size());
        ablation.put("mean_tokens", java.util.Arrays.stream(set.tokens()).mapToInt(t -> t.length).average().orElse(0));
        out.put("ablation", ablation);
        model.freezeWordEmbeddings(true);
    }

    private void memory(TextClassifier model, Dataset train) {
        if (rssSteps <= 0) {
            return;
        }
        List<DjlProbes.RssPoint> curve = DjlProbes.rssCurve(model, train.texts(), train.labels(), 16, rssSteps, 50,
                TrainSettings.defaults(1, 42), line -> System.err.println("bench: " + line));
        out.put("rss_curve", curve);
        out.put("rss_mb_after_100_steps", rssAt(curve, 100));
        out.put("rss_mb_after_1000_steps", curve.get(curve.size() - 1).step() >= 1000 ? rssAt(curve, 1000) : null);
        out.put("rss_steps", curve.get(curve.size() - 1).step());
        CliSupport.lineChart("Resident memory while training (batch 16, real SST-2 sentences)", "training step",
                "RSS (MB)", curve.stream().mapToDouble(DjlProbes.RssPoint::step).toArray(),
                Map.of("RSS", curve.stream().mapToDouble(DjlProbes.RssPoint::rssMb).toArray()),
                results.resolve("perf/rss.png"));
    }

    private static double rssAt(List<DjlProbes.RssPoint> curve, int step) {
        return curve.stream().filter(p -> p.step() >= step).findFirst().orElse(curve.get(curve.size() - 1)).rssMb();
    }

    /** What {@code bin/demo} runs: the quick profile on 2,000 of the embedded slice's 3,000 rows. */
    private static ExperimentConfig demoConfig() {
        return Profile.QUICK.config().withMethods(List.of("bedkd")).withTrainRows(DEMO_TRAIN_ROWS);
    }

    /** The demo's whole job (victim, DMM, MEPD, AKD, evaluation) in each precision; the default's is the headline. */
    private void endToEnd(TaskData demo) {
        for (Precision p : Precision.values()) {
            long t0 = System.nanoTime();
            ExperimentConfig config = demoConfig();
            Experiment.run(demo, config.withSpeed(config.speed().withPrecision(p)), CliSupport.progress());
            out.put(p.label() + "_demo_job_s", (System.nanoTime() - t0) / 1e9);
        }
        out.put("demo_job_s", out.get(DjlRuntime.precision().label() + "_demo_job_s"));
        out.put("bedkd_quick_wall_s", out.get("demo_job_s"));
        out.put("bedkd_quick_scope", "victim training + DMM + MEPD + AKD + evaluation on the embedded SST-2 slice, "
                + "in-process (no Kafka)");
    }

    private void write() throws IOException {
        List<Map<String, Object>> paper = PaperProfileRuns.collect(results.resolve("runs"));
        if (!paper.isEmpty()) {
            out.put("paper_profile_runs", paper);
            out.put("bedkd_paper_wall_s", paper.get(0).get("total_s"));
        }
        screening();
        CliSupport.writeJson(results.resolve("performance.json"), out);
        CliSupport.writeGeneratedPage(results.resolve("PERFORMANCE.md"), PerformanceReport.markdown(out));
        System.out.println("results: " + results.resolve("performance.json").toAbsolutePath());
    }

    /**
     * Streaming screening's rate and its share of the machine's MEPD capacity, from the last {@code bin/bench-screening
     * --full-model} run (it needs the broker and the services, which this bench does not start).
     */
    private void screening() throws IOException {
        Path load = results.resolve(SCREENING_LOAD);
        if (!Files.exists(load)) {
            return;
        }
        Map<String, Object> r = CliSupport.json().readValue(load.toFile(), new TypeReference<Map<String, Object>>() {
        });
        if (r.get("capacity_records_per_s") instanceof Number capacity) {
            out.put("screening_records_per_s", r.get("records_per_s"));
            out.put("screening_capacity_records_per_s", capacity);
            out.put("screening_share_of_capacity", r.get("share_of_capacity"));
            // While both replicas had records (a burst ends on one replica; older files lack it).
            out.remove("screening_steady_records_per_s");
            out.remove("screening_steady_share_of_capacity");
            if (r.get("steady_records_per_s") instanceof Number steady) {
                out.put("screening_steady_records_per_s", steady);
                out.put("screening_steady_share_of_capacity", r.get("steady_share_of_capacity"));
            }
            String threads = r.get("threads_per_instance") instanceof Map<?, ?> t ? t.values().stream()
                    .map(v -> String.valueOf(((Number) v).intValue())).collect(Collectors.joining("/")) : "?";
            out.put("screening_source", SCREENING_LOAD + ": " + r.get("instances") + " replicas with " + threads
                    + " threads, " + r.get("records") + " records" + (r.get("bursts") instanceof List<?> b
                            ? " in " + b.size() + " bursts between capacity probes" : "") + ", " + r.get("precision"));
            // Which layout the capacity is the rate of (older files measured one process on every core only).
            out.put("screening_capacity_layout", r.get("capacity_by_layout") instanceof Map<?, ?> layouts
                    ? layouts.entrySet().stream().max(Comparator.comparingDouble(e -> ((Number) e.getValue())
                            .doubleValue())).map(e -> String.valueOf(e.getKey())).orElse("?")
                    : "one process, every core");
        }
    }

    private static float[] flatten(float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return flat;
    }

    private static void log(String format, Object... args) {
        System.err.println("bench: " + String.format(Locale.ROOT, format, args));
    }
}
