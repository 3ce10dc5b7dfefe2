package org.bedkd.cli;

import java.nio.file.Path;
import org.bedkd.data.Dataset;
import org.bedkd.data.DatasetReader;
import org.bedkd.data.LabelSchema;
import org.bedkd.data.ReadOptions;
import org.bedkd.data.ReadResult;
import org.bedkd.data.TaskData;
import org.bedkd.pipeline.TaskCatalog;
import picocli.CommandLine.Option;

/**
 * Where the data comes from: the embedded SST-2 BadWords demo slice (default), a staged data directory
 * ({@code --data-dir} + {@code --dataset} + {@code --attack}), or the user's own files (each file option overrides the
 * corresponding part).
 */
final class DataOptions {

    @Option(names = "--data-dir", description = "Directory with the staged layout (<dataset>/<variant>/<source>/...).")
    Path dataDir;

    @Option(names = "--dataset", defaultValue = "sst2", description = "sst2, olid or agnews (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--attack", description = "badwords, addsent or synbkd: the staged cell to read (default:"
            + " badwords), or what a user's files hold (default: not known).")
    String attack;

    @Option(names = "--name", description = "Name of the run in reports and its output directory (default: the staged"
            + " cell's; for user files the schema and the --train file's name, e.g. olid-train-poison).")
    String name;

    @Option(names = "--train", description = "Suspect (poisoned) training set: .csv, .tsv or .jsonl.")
    Path train;

    @Option(names = "--clean", description = "Clean samples the defender holds (few-shot set + validation).")
    Path clean;

    @Option(names = "--test-clean", description = "Clean test set (CACC).")
    Path testClean;

    @Option(names = "--test-triggered", description = "Triggered test set, non-target rows labelled with the target (ASR).")
    Path testTriggered;

    @Option(names = "--schema", description = "Label schema of user files: sst2, olid or agnews (default: the model's "
            + "id2label when it names its classes, else --dataset).")
    String schema;

    @Option(names = "--target", description = "Attacker's target label (default: the data source's).")
    Integer target;

    @Option(names = "--skip-bad-rows", description = "Skip malformed rows (reported) instead of failing.")
    boolean skipBadRows;

    TaskData resolve() {
        return resolve(null);
    }

    /**
     * @param modelSchema the classes of the model the data is for, when one is given: a user's files without
     *     {@code --schema} are read with the model's own class names (its {@code id2label})
     */
    TaskData resolve(LabelSchema modelSchema) {
        TaskData base = dataDir != null ? TaskCatalog.load(dataDir, dataset, attack == null ? "badwords" : attack)
                : null;
        boolean userFiles = train != null || clean != null || testClean != null || testTriggered != null;
        if (base == null && !userFiles) {
            return TaskCatalog.demo();
        }
        LabelSchema s = schema != null ? LabelSchema.named(schema)
                : base != null ? base.schema()
                : modelSchema != null && !modelSchema.hasGenericNames() && !KNOWN_DEFAULT.equals(modelSchema.labels())
                        ? modelSchema : LabelSchema.named(dataset);
        TaskData fallback = base != null ? base : schemaMatchesDemo(s) ? TaskCatalog.demo() : null;
        int t = target != null ? target : fallback != null ? fallback.target() : requireTarget();
        String attackName = attack != null ? TaskCatalog.attackName(attack)
                : train == null && fallback != null ? fallback.attack() : UNKNOWN_ATTACK;
        return new TaskData(name(fallback, s), s.name(), attackName, s, t,
                pick(train, fallback == null ? null : fallback.train(), s, "--train"),
                pick(clean, fallback == null ? null : fallback.cleanPool(), s, "--clean"),
                pick(testClean, fallback == null ? null : fallback.testClean(), s, "--test-clean"),
                pick(testTriggered, fallback == null ? null : fallback.testTriggered(), s, "--test-triggered"),
                userFiles ? "user files" : base.source(),
                // Trigger flips only where the clean test set is the cell's own: a user's trigger is not known here.
                testClean == null && fallback != null ? fallback.testInserted() : null);
    }

    /** A model that names SST-2's classes reads the demo and SST-2 files as they are. */
    private static final java.util.List<String> KNOWN_DEFAULT = LabelSchema.SST2.labels();

    /** What a user's files are poisoned with, when {@code --attack} does not say. */
    static final String UNKNOWN_ATTACK = "unknown";

    /**
     * The run's name: {@code --name}, else the staged cell's or the demo's when its training set is used, else the
     * schema and the training file's name, so that an OLID file is never reported under the defaults' "sst2-badwords".
     */
    private String name(TaskData fallback, LabelSchema s) {
        if (name != null) {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,79}")) {
                throw new IllegalArgumentException("--name must be 1-80 letters, digits, '.', '_' or '-' (it names a "
                        + "directory), was '" + name + "'");
            }
            return name;
        }
        if (train == null) {
            return fallback != null ? fallback.name() : s.name();
        }
        String file = train.getFileName().toString().replaceFirst("\\.[^.]*$", "")
                .replaceAll("[^A-Za-z0-9._-]+", "-");
        return s.name() + "-" + (file.isEmpty() ? "data" : file);
    }

    private static boolean schemaMatchesDemo(LabelSchema s) {
        return s.equals(LabelSchema.SST2);
    }

    private int requireTarget() {
        throw new IllegalArgumentException("--target is required for user files of a non-SST-2 schema");
    }

    private Dataset pick(Path file, Dataset fallback, LabelSchema s, String option) {
        if (file == null) {
            if (fallback == null) {
                throw new IllegalArgumentException(option + " is required (no --data-dir to take it from)");
            }
            return fallback;
        }
        ReadResult r = DatasetReader.read(file, s, ReadOptions.defaults().withSkipBadRows(skipBadRows));
        if (!r.skipped().isEmpty()) {
            System.err.printf("warning: %s: skipped %d bad rows (first: line %d: %s)%n", file, r.skipped().size(),
                    r.skipped().get(0).line(), r.skipped().get(0).reason());
        }
        return r.dataset();
    }
}
