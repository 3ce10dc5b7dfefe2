package org.bedkd.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.bedkd.attack.AddSent;
import org.bedkd.attack.BadWords;
import org.bedkd.attack.TriggerAttack;
import org.bedkd.cli.CliSupport;
import org.bedkd.data.Dataset;
import org.bedkd.data.Sample;
import org.bedkd.data.TaskData;
import org.bedkd.defense.filter.InputFilters;
import org.bedkd.metrics.Evaluation;
import org.bedkd.model.PretrainedEncoder;
import org.bedkd.pipeline.Experiment;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.pipeline.ExperimentReport;
import org.bedkd.pipeline.Progress;
import org.bedkd.pipeline.TaskCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs dataset × attack × seed cells with a list of methods and merges every result into
 * {@code results/reproduction.json} (one entry per dataset, attack, method, seed; re-running replaces it), then
 * rewrites {@code results/REPRODUCTION.md} from the whole file.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Reproduce the paper's tables on staged real data; results go to results/.")
public final class ReproduceCommand implements Callable<Integer> {

    @Mixin
    BenchOptions options;

    @Option(names = "--attacks", split = ",", defaultValue = "badwords,addsent,synbkd", description = "Attacks to run.")
    List<String> attacks;

    @Option(names = "--methods", split = ",", defaultValue = "none,ft,kd,ft+dmm,kd+dmm,bedkd-paper,bedkd",
            description = "Methods (default ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--report-only", description = "Only rewrite REPRODUCTION.md (and plots) from what is there.")
    boolean reportOnly;

    @Option(names = "--poison-rates", split = ",", description = "Build the cells here instead of reading the staged"
            + " ones: each attack at each poison rate, e.g. 0.01,0.05,0.2, on the dataset's clean rows (synbkd: SST-2,"
            + " target 1, from BadActs' paraphrase of every row). Rate 0 builds a clean cell (no poisoned rows), which shows what a defense does to a clean set.")
    List<Double> poisonRates = List.of();

    @Option(names = "--trigger-words", split = ",", description = "Build the badwords cells with these trigger words "
            + "(one inserted per text) instead of cf, mn, bb, tq, mb: a trigger none of the defense's defaults was "
            + "chosen on. With --poison-rates.")
    List<String> triggerWords = List.of();

    @Option(names = "--trigger-sentence", description = "Build the addsent cells with this sentence instead of \""
            + AddSent.DEFAULT_SENTENCE + "\". With --poison-rates.")
    String triggerSentence;

    @Option(names = "--target", description = "Target class of the built cells (default: the staged cells' target of the"
            + " dataset).")
    Integer target;

    @Option(names = "--reference", description = "Also train a clean reference model on the same rows without the"
            + " poisoned ones (the benchmark knows the flags): its ASR on the triggered test set is the floor a"
            + " purified model is compared with, beside its per-class recall and trigger flips.")
    boolean reference;

    @Option(names = "--restored-reference", description = "Also train a reference on the rows as they were before "
            + "poisoning (cells built here only): each poisoned row back to its clean text and label.")
    boolean restoredReference;

    @Option(names = "--reference-replica", description = "Train each reference asked for once more on the same rows, "
            + "with another seed for its initialisation, dropout and batch order (the cell's seed + "
            + REPLICA_SEED_OFFSET + "): how far two clean models of one cell differ, the noise a purified model's "
            + "per-class recall is judged within.")
    boolean referenceReplica;

    /** Characters of a --trigger-sentence: a longer one crowds the text it is inserted into out of the tokens. */
    static final int MAX_TRIGGER_SENTENCE = 200;

    /** Added to a cell's seed for its references' replicas: far from the seeds cells are run with (42, 43, 44). */
    static final long REPLICA_SEED_OFFSET = 1000;

    @Option(names = "--reuse-references", description = "Keep the reference fields of the row being replaced (same "
            + "cell, method, seed, precision) that this run does not train, where its victim is the same (ASR, CACC, "
            + "rows): alone, every stored reference; with --restored-reference --reference-replica, the removal "
            + "reference beside the new ones. Without it a replaced row keeps only what this run trained. A reference "
            + "is trained on the rows alone, so a change to the defense does not change it; this halves a re-run. "
            + "Where the victim moved (another kernel, other settings), the references the stored row had are trained "
            + "again instead.")
    boolean reuseReferences;

    /** The dataset's rows before poisoning ({@link #originals()}). */
    private Dataset originals;

    @Option(names = "--audit-test-asr", description = "Also record every AKD epoch's test ASR (never used for"
            + " selection) to measure how well the held-out proxy tracks it; adds one pass over the triggered test set"
            + " per epoch.")
    boolean auditTestAsr;

    @Override
    public Integer call() {
        Path json = options.results.resolve("reproduction.json");
        List<Map<String, Object>> cells = read(json);
        if (reportOnly) {
            writeMarkdown(options.results.resolve("REPRODUCTION.md"), cells);
            System.out.println("report: " + options.results.resolve("REPRODUCTION.md").toAbsolutePath());
            return 0;
        }
        if ((!triggerWords.isEmpty() || triggerSentence != null) && poisonRates.isEmpty()) {
            throw new IllegalArgumentException("--trigger-words and --trigger-sentence build cells: give --poison-rates "
                    + "with them (the staged cells carry their own trigger)");
        }
        if (triggerSentence != null && (triggerSentence.isBlank() || triggerSentence.length() > MAX_TRIGGER_SENTENCE)) {
            throw new IllegalArgumentException("--trigger-sentence takes 1 to " + MAX_TRIGGER_SENTENCE
                    + " characters (a longer one crowds the text it is inserted into out of the model's tokens)");
        }
        List<String> attackNames = attacks.stream().map(TaskCatalog::attackName).toList();
        if (!triggerWords.isEmpty() && !attackNames.contains("badwords")
                || triggerSentence != null && !attackNames.contains("addsent")) {
            throw new IllegalArgumentException("--trigger-words builds badwords cells and --trigger-sentence addsent "
                    + "ones: --attacks " + String.join(",", attacks) + " has no cell for it");
        }
        if (referenceReplica && !reference && !restoredReference) {
            throw new IllegalArgumentException("--reference-replica trains a reference again: give --reference or "
                    + "--restored-reference with it");
        }
        CliSupport.applyRuntime();
        System.err.println("bench: commit " + CliSupport.commit() + ", " + options.applyPrecision());
        List<Task> tasks = tasks();
        ExperimentConfig setup = CliSupport.config(options.profile, options.overrides, options.seeds.get(0));
        // What each seed's experiment runs ("none" is the victim, always evaluated).
        List<String> trained = methods.stream().filter(m -> !m.equals("none")).toList();
        boolean filtersOnly = !trained.isEmpty() && trained.stream().allMatch(InputFilters::isFilter);
        RunSetups.requireSame(options.results.resolve("runs"), tasks.stream().map(t -> t.data().name()).toList(),
                setup, filtersOnly);
        for (Task task : tasks) {
            TaskData data = task.data();
            for (long seed : options.seeds) {
                ExperimentConfig config = CliSupport.config(options.profile, options.overrides, seed)
                        .withMethods(trained);
                var progress = CliSupport.progress();
                progress.stage("bench", String.format(Locale.ROOT, "%s, seed %d, methods %s", data.name(), seed,
                        config.methods()));
                TestAsrAudit audit = new TestAsrAudit(data.target(), config.evalBatchSize());
                ExperimentReport r = audit.withoutAuditTime(Experiment.run(data, config, progress,
                        auditTestAsr ? audit : Experiment.DefenseListeners.NONE));
                CliSupport.writeRun(r, options.results.resolve("runs").resolve(runName(data.name(), r)),
                        audit.columns());
                Set<String> moved = reuseReferences
                        ? Cells.movedReferences(cells, Cells.of(r, data, methods, task.variant(),
                                Cells.References.NONE))
                        : Set.of();
                if (!moved.isEmpty()) {
                    progress.stage("bench", "the victim of " + data.name() + " seed " + seed + " differs from the "
                            + "stored rows': training their references again (" + String.join(", ", moved) + ")");
                }
                Cells.References refs = references(data, task.variant() == null ? null
                        : task.variant().poisonRate(), config, seed, moved, progress);
                for (Map<String, Object> cell : Cells.of(r, data, methods, task.variant(), refs)) {
                    if (reuseReferences) {
                        // The default's row first; a row of the same victim under other settings has the same ones.
                        cells.stream().filter(c -> Cells.sameCellAndMethod(c, cell) && Cells.sameVictim(c, cell))
                                .min(Comparator.comparing(Cells::settings))
                                .ifPresent(old -> Cells.keepReferences(old, cell));
                    }
                    cells.removeIf(c -> Cells.sameKey(c, cell));
                    cells.add(cell);
                }
                write(json, cells);
                writeMarkdown(options.results.resolve("REPRODUCTION.md"), cells);
            }
        }
        System.out.println("results: " + json.toAbsolutePath());
        return 0;
    }

    /**
     * The clean references of one cell and seed: those asked for, and those its stored rows had where the victim moved
     * ({@code moved}, prefixes as in {@link Cells#movedReferences}); {@code null} fields where not trained.
     */
    private Cells.References references(TaskData data, Double poisonRate, ExperimentConfig config, long seed,
            Set<String> moved, Progress progress) {
        boolean removal = reference || moved.contains(Cells.REMOVAL);
        boolean restoring = poisonRate != null && (restoredReference || moved.contains(Cells.RESTORED));
        Experiment.Splitted split = Experiment.split(data, config);
        Dataset withoutPoison = removal
                ? split.train().filter("train-without-poison", x -> !x.isKnownPoisoned()) : null;
        Dataset restored = restoring ? restoredRows(split, originals()) : null;
        long replicaSeed = seed + REPLICA_SEED_OFFSET;
        boolean removalReplica = referenceReplica && reference || moved.contains(Cells.REPLICA + Cells.REMOVAL);
        boolean restoredReplica = referenceReplica && restoredReference
                || moved.contains(Cells.REPLICA + Cells.RESTORED);
        return new Cells.References(
                trainReference("clean", data, split, withoutPoison, config, seed, progress),
                trainReference("restored", data, split, restored, config, seed, progress),
                removalReplica ? trainReference("clean", data, split, withoutPoison, config, replicaSeed, progress)
                        : null,
                restoredReplica ? trainReference("restored", data, split, restored, config, replicaSeed, progress)
                        : null);
    }

    /** The dataset's rows before poisoning, loaded once, where a restored reference is trained. */
    private Dataset originals() {
        if (originals == null) {
            originals = TaskCatalog.builtOriginals(options.dataDir, options.dataset);
        }
        return originals;
    }

    /**
     * A cell to run.
     *
     * @param variant how a cell built here was built; {@code null} for a staged one
     */
    private record Task(TaskData data, Cells.Variant variant) {
    }

    /** The staged cells of the dataset, or the cells built at each poison rate. */
    private List<Task> tasks() {
        List<Task> out = new ArrayList<>();
        for (String attack : attacks) {
            if (poisonRates.isEmpty()) {
                out.add(new Task(TaskCatalog.load(options.dataDir, options.dataset, attack), null));
                continue;
            }
            int t = target != null ? target : TaskCatalog.load(options.dataDir, options.dataset, attack).target();
            TriggerAttack other = TaskCatalog.otherTrigger(trigger(attack));
            for (double rate : poisonRates) {
                out.add(new Task(TaskCatalog.built(options.dataDir, options.dataset, attack, rate, t, other),
                        new Cells.Variant(rate, TaskCatalog.builtVariant(rate, t, other),
                                other == null ? null : TaskCatalog.triggerText(other))));
            }
        }
        return out;
    }

    /** The trigger asked for the cells of {@code attack} ({@code --trigger-words}, {@code --trigger-sentence}), if any. */
    private TriggerAttack trigger(String attack) {
        String name = TaskCatalog.attackName(attack);
        if (name.equals("badwords") && !triggerWords.isEmpty()) {
            return new BadWords(triggerWords.stream().map(String::strip).toList(), 1);
        }
        return name.equals("addsent") && triggerSentence != null ? new AddSent(triggerSentence) : null;
    }

    /**
     * The rows as they were before poisoning: each poisoned row of the split back to its clean original (same id: text
     * without the trigger, its own label). The clean reference trains on the split's rows without the poisoned ones,
     * which takes rate × N rows of the non-target classes away and leans toward the target: on OLID at 20 % with
     * target 0 it trains on 16 % offensive tweets instead of 33 %; a reference on these rows keeps the clean prior.
     */
    private static Dataset restoredRows(Experiment.Splitted split, Dataset originals) {
        Map<String, Sample> byId = originals.byId();
        return split.train().withSamples("train-restored", split.train().stream().map(x -> {
            if (!x.isKnownPoisoned()) {
                return x;
            }
            Sample original = byId.get(x.id());
            if (original == null) {
                throw new IllegalStateException("poisoned row " + x.id() + " has no original in the clean data");
            }
            return original;
        }).toList());
    }

    /**
     * A victim trained the same way on {@code train} instead of the split's rows, with {@code trainSeed} for its
     * training only (the rows were split with the cell's seed before), scored on the same test sets; {@code null}
     * where {@code train} is (that reference was not asked for).
     */
    private static Evaluation trainReference(String kind, TaskData data, Experiment.Splitted split, Dataset train,
            ExperimentConfig config, long trainSeed, Progress progress) {
        if (train == null) {
            return null;
        }
        progress.stage("reference", "training the " + kind + " reference on " + train.size() + " rows, seed "
                + trainSeed);
        Experiment.Victim ref = Experiment.trainVictim(data, split.withTrain(train), config.withSeed(trainSeed),
                progress);
        ref.model().close();
        return ref.evaluation();
    }

    /**
     * A run's directory under {@code runs/}. A run without detection (baselines only) gets its own name, so it does not
     * replace the report of a DMM run of the same cell and seed, which the γ table and the proxy audit read.
     */
    static String runName(String cell, ExperimentReport r) {
        String encoder = r.config().victim().model().encoder();
        // bf16 runs get their own directory: a float32 run of the same seed must not overwrite them, nor they it.
        // (A report's config carries the precision that ran: Experiment resolves it before the run.)
        boolean bf16 = r.config().speed().precision() == org.bedkd.model.Precision.BF16;
        String name = cell + "-" + r.config().profile() + "-"
                + (encoder.equals(PretrainedEncoder.MINILM_L6.id()) ? "" : encoder + "-") + (bf16 ? "bf16-" : "")
                + r.config().seed() + settingsSuffix(r.config());
        if (!r.methods().isEmpty() && r.methods().stream().allMatch(m -> m.filter() != null)) {
            return name + RunSetups.FILTERS;
        }
        return r.detection() == null ? name + "-baselines" : name;
    }

    /** "+patience=0+laterOnTies=true" for a run under changed defense settings, so it keeps the default's report. */
    private static String settingsSuffix(ExperimentConfig config) {
        StringBuilder b = new StringBuilder();
        Cells.departures(config).forEach((k, v) -> b.append('+').append(k).append('=').append(v));
        return b.toString();
    }

    static List<Map<String, Object>> read(Path json) {
        if (!Files.exists(json)) {
            return new ArrayList<>();
        }
        try {
            return new ArrayList<>(CliSupport.json().readValue(json.toFile(), new TypeReference<List<Map<String, Object>>>() {
            }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json, e);
        }
    }

    static void write(Path json, List<Map<String, Object>> cells) {
        cells.sort(Cells.ORDER);
        CliSupport.writeJson(json, cells);
    }

    static void writeMarkdown(Path md, List<Map<String, Object>> cells) {
        Path dir = md.toAbsolutePath().getParent();
        String rates = RateSweep.markdownAndPlots(cells, dir);
        String sweep = GammaSweep.markdownAndPlots(dir);
        String audit = ProxyAudit.markdown(dir.resolve("runs"));
        CliSupport.writeGeneratedPage(md, Cells.markdown(cells) + rates + sweep + audit);
    }
}
