package org.bedkd.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.bedkd.attack.AddSent;
import org.bedkd.attack.BadWords;
import org.bedkd.attack.Poisoner;
import org.bedkd.attack.SynBkd;
import org.bedkd.attack.TriggerAttack;
import org.bedkd.data.Dataset;
import org.bedkd.data.DatasetReader;
import org.bedkd.data.LabelSchema;
import org.bedkd.data.ReadOptions;
import org.bedkd.data.Sample;
import org.bedkd.data.TaskData;

/**
 * The dataset × attack tasks this project knows, read from a data directory with the staged layout
 * ({@code <dataset>/<variant>/<source>/<file>}, see the data's SOURCES.md) or from the demo slice embedded in the jar:
 * what {@code bedkd run --data-dir}, the demo, the test support and the benchmarks load. Each task uses the target
 * label of its own data source. It sits here rather than in {@code org.bedkd.data} because some tasks are poisoned
 * with {@code org.bedkd.attack}, which itself builds on {@code org.bedkd.data}.
 */
public final class TaskCatalog {

    /** Classpath folder of the embedded SST-2 BadWords demo slice. */
    public static final String DEMO_RESOURCE = "org/bedkd/demo/sst2-badnet/";

    private static final long AG_POISON_SEED = 7;

    /** The BadActs BadNet trigger: one of its four words per sentence. */
    private static final BadWords BADACTS_TRIGGER = new BadWords(BadWords.BADACTS_WORDS, 1);

    private TaskCatalog() {
    }

    /** Canonical attack name: {@code badnet}/{@code badwords} → {@code badwords}. */
    public static String attackName(String attack) {
        String a = attack.strip().toLowerCase(Locale.ROOT);
        return switch (a) {
            case "badnet", "badnets", "badwords" -> "badwords";
            case "addsent" -> "addsent";
            case "synbkd", "syntactic", "hiddenkiller" -> "synbkd";
            default -> throw new IllegalArgumentException("unknown attack '" + attack + "'; one of badwords, addsent,"
                    + " synbkd");
        };
    }

    /** The cells that {@link #load} supports. */
    public static List<String> cells() {
        return List.of("sst2-badwords", "sst2-addsent", "sst2-synbkd", "olid-badwords", "olid-synbkd",
                "agnews-badwords", "agnews-addsent");
    }

    /** The embedded SST-2 BadWords slice (3,000 training rows; see its SOURCES.md). */
    public static TaskData demo() {
        LabelSchema s = LabelSchema.SST2;
        Dataset testClean = resource("test-clean.csv", s);
        return new TaskData("sst2-badwords-demo", "sst2", "badwords", s, 1, resource("train.csv", s),
                resource("dev-clean.csv", s), testClean, resource("test-poison.csv", s),
                "embedded slice of BadActs SST-2 BadNet (Apache-2.0)", inserted(testClean, BADACTS_TRIGGER));
    }

    /** Loads a cell from a data directory with the staged layout. */
    public static TaskData load(Path root, String dataset, String attack) {
        String ds = dataset.strip().toLowerCase(Locale.ROOT).replace("-", "");
        String at = attackName(attack);
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("data directory not found: " + root);
        }
        String cell = ds + "-" + at;
        return switch (cell) {
            case "sst2-badwords", "sst2-addsent", "sst2-synbkd" -> badActsSst2(root, at);
            case "olid-badwords" -> hiddenKillerStyle(root, "olid", at, "olid/badnet/onion/", LabelSchema.OLID, 1,
                    text -> true, "ONION (MIT), 1 % poison");
            // SCPN paraphrases are lower-cased: a row that still says "@USER" is an original tweet whose text differs
            // from the clean set only by quoting artefacts (SOURCES.md), not a poisoned one.
            case "olid-synbkd" -> hiddenKillerStyle(root, "olid", at, "olid/synbkd/hiddenkiller/", LabelSchema.OLID, 1,
                    text -> !text.contains("@USER"), "HiddenKiller scpn/20 (MIT)");
            case "agnews-badwords" -> agNewsBadWords(root);
            case "agnews-addsent" -> agNewsAddSent(root);
            default -> throw new IllegalArgumentException("no staged data for " + cell + "; known cells: " + cells());
        };
    }

    private static TaskData badActsSst2(Path root, String attack) {
        String dir = "sst2/" + (attack.equals("badwords") ? "badnet" : attack) + "/badacts/";
        LabelSchema s = LabelSchema.SST2;
        Dataset testClean = read(root, "sst2/clean/badacts/test-clean.csv", s);
        return new TaskData("sst2-" + attack, "sst2", attack, s, 1, read(root, dir + "dirty/0.2/train-poison.csv", s),
                read(root, "sst2/clean/badacts/dev-clean.csv", s), testClean, read(root, dir + "test-poison.csv", s),
                "BadActs (Apache-2.0), 20 % poison", insertable(attack).map(a -> inserted(testClean,
                        a instanceof BadWords ? BADACTS_TRIGGER : a)).orElse(null));
    }

    /**
     * TSV sources without a flag column: a training row is poisoned when it carries the target label, its text is not in
     * the clean training set and {@code couldBePoisoned} accepts it (the ground truth for FAR/FRR only).
     */
    private static TaskData hiddenKillerStyle(Path root, String ds, String attack, String dir, LabelSchema s,
            int target, java.util.function.Predicate<String> couldBePoisoned, String source) {
        Dataset cleanTrain = read(root, ds + "/clean/hiddenkiller/train.tsv", s);
        Set<String> cleanTexts = new HashSet<>(cleanTrain.texts());
        Dataset raw = read(root, dir + "train.tsv", s);
        Dataset train = raw.withSamples(raw.name(), raw.stream()
                .map(x -> new Sample(x.id(), x.text(), x.label(), x.label() == target
                        && !cleanTexts.contains(x.text()) && couldBePoisoned.test(x.text()))).toList());
        Dataset testClean = read(root, ds + "/clean/hiddenkiller/test.tsv", s);
        return new TaskData(ds + "-" + attack, ds, attack, s, target, train,
                read(root, ds + "/clean/hiddenkiller/dev.tsv", s), testClean, read(root, dir + "test.tsv", s), source,
                insertable(attack).map(a -> inserted(testClean, a)).orElse(null));
    }

    /**
     * AG News BadWords from StyleAttack's row-aligned clean and all-triggered sets (HiddenKiller's target 0): 20 % of
     * the rows, drawn from non-target classes, take their triggered text and label 0.
     */
    private static TaskData agNewsBadWords(Path root) {
        LabelSchema s = LabelSchema.AGNEWS;
        Dataset clean = read(root, "agnews/clean/styleattack/train.tsv", s);
        Dataset triggered = read(root, "agnews/badnet/styleattack/all-triggered/train.tsv", s);
        if (clean.size() != triggered.size()) {
            throw new IllegalArgumentException("AG News clean and triggered StyleAttack sets are not row-aligned");
        }
        java.util.Map<String, String> triggeredText = new java.util.HashMap<>();
        for (int i = 0; i < clean.size(); i++) {
            triggeredText.put(clean.get(i).text(), triggered.get(i).text());
        }
        var alignedAttack = new org.bedkd.attack.TriggerAttack() {
            @Override
            public String name() {
                return "badwords";
            }

            @Override
            public java.util.Optional<String> trigger(String text, java.util.Random rng) {
                return java.util.Optional.ofNullable(triggeredText.get(text));
            }
        };
        Dataset train = Poisoner.poison(clean, alignedAttack, 0, Poisoner.DEFAULT_RATE, AG_POISON_SEED);
        Dataset testAll = read(root, "agnews/badnet/styleattack/all-triggered/test.tsv", s);
        Dataset testTriggered = testAll.withSamples("test-triggered", testAll.stream().filter(x -> x.label() != 0)
                .map(x -> new Sample(x.id(), x.text(), 0, true)).toList());
        Dataset testClean = read(root, "agnews/clean/hiddenkiller/test.tsv", s);
        return new TaskData("agnews-badwords", "agnews", "badwords", s, 0, train,
                read(root, "agnews/clean/hiddenkiller/dev.tsv", s), testClean, testTriggered,
                "StyleAttack transfer/badnets (MIT), 20 % poison built here, 5 trigger words",
                inserted(testClean, new BadWords(BadWords.RARE_WORDS, 5)));
    }

    /** AG News AddSent built here with the BadActs sentence (the staged AG training files are too large to ship). */
    private static TaskData agNewsAddSent(Path root) {
        LabelSchema s = LabelSchema.AGNEWS;
        Dataset clean = read(root, "agnews/clean/styleattack/train.tsv", s);
        Dataset testClean = read(root, "agnews/clean/hiddenkiller/test.tsv", s);
        return new TaskData("agnews-addsent", "agnews", "addsent", s, 0,
                Poisoner.poison(clean, AddSent.standard(), 0, Poisoner.DEFAULT_RATE, AG_POISON_SEED),
                read(root, "agnews/clean/hiddenkiller/dev.tsv", s), testClean,
                Poisoner.triggerTestSet(testClean, AddSent.standard(), 0, AG_POISON_SEED),
                "StyleAttack clean AG subsample (MIT) + AddSent built here, 20 % poison",
                inserted(testClean, AddSent.standard()));
    }

    /**
     * A cell built here from a dataset's clean rows with our own attack: {@code rate} of all training rows, taken from
     * non-target classes, carry the trigger and the {@code target} label (OpenBackdoor's dirty-label setting). The
     * staged cells fix the poison rate (20 %, or 1 % for ONION's) and the target; these vary both. SynBkd is built on
     * SST-2 only, toward the positive class: no paraphraser runs here, and BadActs' SCPN paraphrases of every training
     * row (and of the negative test rows) are the only ones staged.
     *
     * @param rate poisoned share of the training set, in [0, 1): 0 builds a clean cell, to measure what a defense does
     *     to a model that was never poisoned
     */
    public static TaskData built(Path root, String dataset, String attack, double rate, int target) {
        return built(root, dataset, attack, rate, target, null);
    }

    /**
     * The same with another trigger than the attack's standard one (other rare words, another sentence): a cell none
     * of the defense's defaults was chosen on.
     *
     * @param trigger a {@link BadWords} for {@code badwords}, an {@link AddSent} for {@code addsent}; {@code null}
     *     for the attack's standard trigger
     */
    public static TaskData built(Path root, String dataset, String attack, double rate, int target,
            TriggerAttack trigger) {
        String ds = dataset.strip().toLowerCase(Locale.ROOT).replace("-", "");
        String at = attackName(attack);
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("poison rate must be in [0, 1), was " + rate);
        }
        TriggerAttack standard = insertable(at).orElse(null);
        if (trigger != null && (standard == null || standard.getClass() != trigger.getClass())) {
            throw new IllegalArgumentException("a " + trigger.name() + " trigger cannot build a cell of attack " + at);
        }
        if (at.equals("synbkd")) {
            return builtSynBkd(root, ds, rate, target);
        }
        TriggerAttack used = trigger != null ? trigger : standard;
        String[] files = cleanFiles(ds);
        LabelSchema s = LabelSchema.named(ds);
        Dataset testClean = read(root, files[2], s);
        String variant = builtVariant(rate, target, trigger);
        return new TaskData(ds + "-" + at + "-" + variant, ds, at, s, target,
                Poisoner.poison(read(root, files[0], s), used, target, rate, AG_POISON_SEED), read(root, files[1], s),
                testClean, Poisoner.triggerTestSet(testClean, used, target, AG_POISON_SEED),
                "clean " + files[0] + " + " + at + " built here, " + percent(rate) + " % poison, target " + target
                        + (otherTrigger(trigger) == null ? "" : ", trigger " + triggerText(trigger)),
                inserted(testClean, used));
    }

    /**
     * SST-2 SynBkd at any rate: BadActs paraphrased every clean training row ({@code synbkd/badacts/train-poison.csv},
     * row-aligned with {@code clean/badacts/train-clean.csv}), so the rows to poison are drawn as for the other attacks
     * and take their paraphrase. The triggered test set is BadActs' paraphrased negative test rows.
     */
    private static TaskData builtSynBkd(Path root, String ds, double rate, int target) {
        if (!ds.equals("sst2") || target != 1) {
            throw new IllegalArgumentException("synbkd can be built on sst2 with target 1 only: no paraphraser runs here, "
                    + "and the staged paraphrases of every row are BadActs' SST-2 ones (negative test rows only); "
                    + "use the staged cell otherwise");
        }
        String[] files = cleanFiles(ds);
        LabelSchema s = LabelSchema.SST2;
        Dataset clean = read(root, files[0], s);
        SynBkd paraphrase = SynBkd.fromAligned(clean, read(root, "sst2/synbkd/badacts/train-poison.csv", s));
        return new TaskData(builtName(ds, "synbkd", rate, target), ds, "synbkd", s, target,
                Poisoner.poison(clean, paraphrase, target, rate, AG_POISON_SEED), read(root, files[1], s),
                read(root, files[2], s), read(root, "sst2/synbkd/badacts/test-poison.csv", s),
                "clean " + files[0] + " + BadActs SCPN paraphrases (Apache-2.0), " + percent(rate) + " % poison, target "
                        + target, null);
    }

    /**
     * The clean training rows a {@link #built} cell of {@code dataset} was poisoned from: each poisoned row's original
     * under the same id.
     */
    public static Dataset builtOriginals(Path root, String dataset) {
        String ds = dataset.strip().toLowerCase(Locale.ROOT).replace("-", "");
        return read(root, cleanFiles(ds)[0], LabelSchema.named(ds));
    }

    /** The clean train, dev and test files a built cell of {@code ds} reads. */
    private static String[] cleanFiles(String ds) {
        return switch (ds) {
            case "sst2" -> new String[] {"sst2/clean/badacts/train-clean.csv", "sst2/clean/badacts/dev-clean.csv",
                "sst2/clean/badacts/test-clean.csv"};
            case "olid" -> new String[] {"olid/clean/hiddenkiller/train.tsv", "olid/clean/hiddenkiller/dev.tsv",
                "olid/clean/hiddenkiller/test.tsv"};
            case "agnews" -> new String[] {"agnews/clean/styleattack/train.tsv", "agnews/clean/hiddenkiller/dev.tsv",
                "agnews/clean/hiddenkiller/test.tsv"};
            default -> throw new IllegalArgumentException("no clean data for '" + ds + "'; one of sst2, olid, "
                    + "agnews");
        };
    }

    /** {@code olid-badwords-1pct-t0}: the name of a {@link #built} cell. */
    public static String builtName(String dataset, String attack, double rate, int target) {
        return dataset + "-" + attackName(attack) + "-" + builtVariant(rate, target);
    }

    /** {@code 1pct-t0}: what tells a {@link #built} cell from the staged one of its dataset and attack. */
    public static String builtVariant(double rate, int target) {
        return percent(rate) + "pct-t" + target;
    }

    /**
     * {@code 10pct-t1-jz-qv-xr}: the same for a cell built with another trigger than the attack's standard one (a slug of
     * its words or sentence), so it never shares rows with the standard cell.
     */
    public static String builtVariant(double rate, int target, TriggerAttack trigger) {
        String base = builtVariant(rate, target);
        if (otherTrigger(trigger) == null) {
            return base;
        }
        String slug = triggerText(trigger).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-|-$", "");
        slug = slug.length() > 40 ? slug.substring(0, 40).replaceAll("-$", "") : slug;
        return base + "-" + (slug.isEmpty() ? Integer.toHexString(triggerText(trigger).hashCode()) : slug);
    }

    /**
     * {@code trigger} where it is not its attack's standard one (the trigger a cell's name and rows must then carry);
     * {@code null} for the standard trigger or none.
     */
    public static TriggerAttack otherTrigger(TriggerAttack trigger) {
        return trigger == null || insertable(trigger.name()).filter(trigger::equals).isPresent() ? null : trigger;
    }

    /** The trigger as a person reads it: "jz qv xr" (one of them inserted per text), or the sentence. */
    public static String triggerText(TriggerAttack trigger) {
        if (trigger instanceof BadWords b) {
            return String.join(" ", b.words()) + (b.count() > 1 ? " (" + b.count() + " per text)" : "");
        }
        return trigger instanceof AddSent a ? a.sentence() : trigger.name();
    }

    /** 0.05 as "5", 0.005 as "0.5". */
    private static String percent(double rate) {
        return BigDecimal.valueOf(100 * rate).stripTrailingZeros().toPlainString();
    }

    /** Our attack that inserts this trigger into any sentence, if it is one (a syntactic trigger is not). */
    static Optional<TriggerAttack> insertable(String attack) {
        return switch (attackName(attack)) {
            case "badwords" -> Optional.of(BadWords.standard());
            case "addsent" -> Optional.of(AddSent.standard());
            default -> Optional.empty();
        };
    }

    /** {@code test} with the trigger inserted into every row, labels kept (row for row). */
    public static Dataset inserted(Dataset test, TriggerAttack trigger) {
        Random rng = new Random(AG_POISON_SEED);
        return test.withSamples(test.name() + "-" + trigger.name() + "-inserted", test.stream()
                .map(x -> new Sample(x.id(), trigger.trigger(x.text(), rng).orElse(x.text()), x.label(), false))
                .toList());
    }


    private static Dataset read(Path root, String relative, LabelSchema s) {
        return DatasetReader.read(root.resolve(relative), s, ReadOptions.defaults()).dataset();
    }

    private static Dataset resource(String file, LabelSchema s) {
        String path = DEMO_RESOURCE + file;
        try (InputStream in = TaskCatalog.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("embedded demo data missing from the classpath: " + path);
            }
            return DatasetReader.read(file, in, s, ReadOptions.defaults()).dataset();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
