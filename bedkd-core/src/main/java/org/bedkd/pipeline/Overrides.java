package org.bedkd.pipeline;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.bedkd.defense.akd.PunishStrategy;
import org.bedkd.defense.mepd.FlagSize;
import org.bedkd.defense.mepd.GammaRule;

/**
 * Named setting overrides on top of a profile, as a job request or the CLI gives them ({@code gamma=0.05}). One table
 * holds every setting with its range and a line of documentation; unknown names, unparsable values, NaN, infinities
 * and values outside the range are rejected with a message that names the range, never ignored or clamped (a job
 * API is input from outside: {@code akdEpochs=2147483647} or {@code dmmLr=NaN} must not start a job).
 */
public final class Overrides {

    /**
     * One setting.
     *
     * @param name the name in {@code --set name=value} and a job's {@code overrides}
     * @param range the accepted values, as written in errors and docs
     * @param doc one line of documentation
     * @param current the setting's value in a configuration, as it would be written ({@code -} when another setting
     *     decides it, e.g. {@code gamma} under a quantile rule)
     * @param apply the configuration with this setting changed; throws on a value outside {@code range}
     */
    public record Setting(String name, String range, String doc, Function<ExperimentConfig, String> current,
            BiFunction<ExperimentConfig, String, ExperimentConfig> apply) {
    }

    /** Every setting, in the order they are applied (an encoder before the layers cut from it) and documented. */
    public static final List<Setting> SETTINGS = List.of(
            new Setting("encoder", "minilm-l6|bge-small", "pretrained encoder the victim starts from, all its layers "
                    + "(benchmarks)", c -> c.victim().model().encoder(),
                    (c, v) -> c.withVictim(c.victim().withModel(c.victim().model().withEncoder(v)))),
            integer("layers", 1, 48, "use only the encoder's first N layers (faster, weaker; benchmarks)",
                    c -> c.victim().model().layers(), (c, v) -> c.withVictim(c.victim().withModel(
                            new ModelSpec(v, c.victim().model().maxSequenceLength(), c.victim().model().encoder())))),
            integer("maxLength", 2, 512, "tokens per text after truncation (benchmarks; an imported model keeps its own)",
                    c -> c.victim().model().maxSequenceLength(), (c, v) -> c.withVictim(c.victim().withModel(
                            new ModelSpec(c.victim().model().layers(), v, c.victim().model().encoder())))),
            integer("victimEpochs", 1, 1000, "victim training epochs (benchmarks)", c -> c.victim().epochs(),
                    (c, v) -> c.withVictim(c.victim().withEpochs(v))),
            decimal("victimLr", 0, false, 1, "victim learning rate (benchmarks)", c -> c.victim().learningRate(),
                    (c, v) -> c.withVictim(c.victim().withLearningRate(v.floatValue()))),
            integer("trainRows", 0, 100_000_000, "sub-sample the training set to this many rows, stratified (0: every row,"
                    + " the default: a job screens the whole set it is given)",
                    ExperimentConfig::trainRows, ExperimentConfig::withTrainRows),
            integer("testRows", 0, 100_000_000, "test rows per test set (0: all)", ExperimentConfig::testRows,
                    ExperimentConfig::withTestRows),
            integer("cleanPerClass", 1, 1_000_000, "n_c: clean samples per class the defender holds",
                    ExperimentConfig::cleanPerClass, ExperimentConfig::withCleanPerClass),
            integer("validationRows", 1, 10_000_000, "clean validation rows (γ calibration, model selection)",
                    ExperimentConfig::validationRows, ExperimentConfig::withValidationRows),
            integer("dmmPerClass", 1, 100_000, "clean samples per class the DMM is trained on",
                    c -> c.dmm().samplesPerClass(), (c, v) -> c.withDmm(c.dmm().withSamplesPerClass(v))),
            integer("dmmEpochs", 1, 1000, "N_m: DMM training epochs (with α = 1, up to 2·N_m until 90 % of its"
                    + " flipped labels hold)", c -> c.dmm().epochs(), (c, v) -> c.withDmm(c.dmm().withEpochs(v))),
            decimal("dmmAlpha", 0, true, 1, "α: weight of the DMM's hard (flipped-label) loss", c -> c.dmm().alpha(),
                    (c, v) -> c.withDmm(c.dmm().withAlpha(v.floatValue()))),
            decimal("dmmTemperature", 0, false, 100, "temperature of the DMM's soft loss", c -> c.dmm().temperature(),
                    (c, v) -> c.withDmm(c.dmm().withTemperature(v.floatValue()))),
            decimal("dmmLr", 0, false, 1, "DMM learning rate", c -> c.dmm().learningRate(),
                    (c, v) -> c.withDmm(c.dmm().withLearningRate(v.floatValue()))),
            decimal("gamma", 0, false, 1, "fixed MEPD threshold γ: samples under it are flagged",
                    c -> c.mepd().gamma().calibrated() ? "-" : text(c.mepd().gamma().value()),
                    (c, v) -> c.withMepd(c.mepd().withGamma(GammaRule.fixed(v.floatValue())))),
            decimal("gammaQuantile", 0, false, 0.5, "γ = this quantile of the clean validation split's MEPD",
                    c -> c.mepd().gamma().calibrated() ? text(c.mepd().gamma().value()) : "-",
                    (c, v) -> c.withMepd(c.mepd().withGamma(GammaRule.cleanQuantile(v.floatValue())))),
            integer("maxFlagged", 0, 10_000_000, "flag at most this many samples, lowest MEPD first (0: no cap)",
                    c -> c.mepd().maxFlagged(), (c, v) -> c.withMepd(c.mepd().withMaxFlagged(v))),
            new Setting("flagSize", "gamma|estimate|fit", "flag every sample under γ, only the estimated poisoned share "
                    + "of them (none on weak evidence), or fit γ to the excess of low MEPD over clean text and, once a "
                    + "trigger word is certified, flag only the samples carrying one (none when neither shows poison)", c -> c.mepd().size().id(),
                    (c, v) -> c.withMepd(c.mepd().withSize(FlagSize.parse(v)))),
            integer("akdEpochs", 1, 1000, "N_k: most AKD epochs", c -> c.akd().epochs(),
                    (c, v) -> c.withAkd(c.akd().withEpochs(v))),
            decimal("akdLambda", 0, true, 1, "λ: weight of cross-entropy in trust/punish distillation",
                    c -> c.akd().lambda(), (c, v) -> c.withAkd(c.akd().withLambda(v.floatValue()))),
            decimal("akdTemperature", 0, false, 100, "T: distillation temperature", c -> c.akd().temperature(),
                    (c, v) -> c.withAkd(c.akd().withTemperature(v.floatValue()))),
            decimal("akdLr", 0, false, 1, "AKD learning rate", c -> c.akd().learningRate(),
                    (c, v) -> c.withAkd(c.akd().withLearningRate(v.floatValue()))),
            new Setting("punish", "paper|bounded|relabel|balanced|neutral|invariant",
                    "how flagged samples are punished", c -> c.akd().punish().id(),
                    (c, v) -> c.withAkd(c.akd().withPunish(PunishStrategy.parse(v)))),
            integer("punishLimit", 0, 10_000_000, "n_p: punish at most this many flagged samples (0: all)",
                    c -> c.akd().punishLimit(), (c, v) -> c.withAkd(c.akd().withPunishLimit(v))),
            decimal("punishRatio", 0, true, 1000, "per epoch, at most this many punished samples per trust sample "
                    + "(0: all)", c -> c.akd().punishRatio(), (c, v) -> c.withAkd(c.akd().withPunishRatio(v))),
            decimal("holdoutFraction", 0, true, 0.9, "share of the flagged samples held out to measure the backdoor "
                    + "(selection signal) where no trigger word was named", c -> c.akd().holdoutFraction(),
                    (c, v) -> c.withAkd(c.akd().withHoldoutFraction(v))),
            decimal("caccTolerance", 0, true, 100, "an AKD epoch is eligible when its validation CACC is at most this "
                    + "many points below the suspect's", c -> c.akd().caccTolerance(),
                    (c, v) -> c.withAkd(c.akd().withCaccTolerance(v))),
            integer("patience", 0, 1000, "AKD early stopping: epochs in a row without a better kept epoch (0: off)",
                    c -> c.akd().patience(), (c, v) -> c.withAkd(c.akd().withPatience(v))),
            bool("balancedGuard", "an AKD epoch is eligible only when its validation balanced accuracy (mean "
                    + "per-class recall) is also within caccTolerance of the suspect's, plus its sampling noise",
                    c -> c.akd().balancedGuard(), (c, v) -> c.withAkd(c.akd().withBalancedGuard(v))),
            bool("calibratePrior", "after AKD, shift the logits so the model predicts each class of the validation "
                    + "split as often as its labels (two classes)", c -> c.akd().calibratePrior(),
                    (c, v) -> c.withAkd(c.akd().withCalibratePrior(v))),
            bool("matchSuspectShare", "read every AKD epoch, and keep the chosen one, with one class's logit shifted "
                    + "(class 1 on two classes; on more, the class most flagged samples carry, against all others) so "
                    + "the model predicts it on the validation texts as often as the suspect model does once the labels "
                    + "of the relabelled flagged samples are undone, that correction held within the validation "
                    + "labels' count give or take two standard errors, and the count never beyond them on the side the "
                    + "poison favoured",
                    c -> c.akd().matchSuspectShare(), (c, v) -> c.withAkd(c.akd().withMatchSuspectShare(v))),
            bool("triggerInTrust", "where trigger words were named, the AKD trust pass also trains on each clean trust "
                    + "sample with a trigger fragment inserted, under its own label and distilled toward the teacher's "
                    + "output on the clean text", c -> c.akd().triggerInTrust(),
                    (c, v) -> c.withAkd(c.akd().withTriggerInTrust(v))),
            bool("laterOnTies", "where two AKD epochs' trigger flips tie within their noise, validation CACC "
                    + "settles it only beyond two standard errors of the two epochs' paired difference, and where it "
                    + "does not the later epoch is kept", c -> c.akd().laterOnTies(),
                    (c, v) -> c.withAkd(c.akd().withLaterOnTies(v))),
            new Setting("methods", "comma-separated, of " + String.join(" ", MethodSpec.NAMES),
                    "methods run (benchmarks)", c -> String.join(",", c.methods()),
                    (c, v) -> c.withMethods(MethodSpec.validate(List.of(v.split(","))))),
            bool("lengthBucketing", "batch texts of similar length together", c -> c.speed().lengthBucketing(),
                    (c, v) -> c.withSpeed(c.speed().withLengthBucketing(v))),
            bool("freezeWordEmbeddings", "keep word embeddings frozen while training",
                    c -> c.speed().freezeWordEmbeddings(), (c, v) -> c.withSpeed(c.speed().withFreezeWordEmbeddings(v))),
            bool("teacherCache", "compute the teacher's outputs once per run", c -> c.speed().teacherCache(),
                    (c, v) -> c.withSpeed(c.speed().withTeacherCache(v))),
            new Setting("precision", "fp32|bf16|auto", "how the encoder computes: bf16 runs projections, attention "
                    + "and feed-forward in bfloat16 (autocast's recipe, float32 weights); auto: the process's setting "
                    + "(`--precision`, `bedkd.engine.precision`), itself bf16 where the CPU has avx512_bf16 or AMX, or "
                    + "on CUDA", c -> c.speed().precision() == null ? "auto" : c.speed().precision().label(),
                    (c, v) -> c.withSpeed(c.speed().withPrecision(v.strip().equalsIgnoreCase("auto") ? null
                            : org.bedkd.model.Precision.parse(v)))));

    private static final Map<String, Setting> BY_NAME = byName();

    /** Every accepted name. */
    public static final Set<String> NAMES = BY_NAME.keySet();

    private Overrides() {
    }

    /**
     * {@code base} with {@code overrides} applied in table order (not the map's: a job's JSON object has no order
     * that means anything).
     */
    public static ExperimentConfig apply(ExperimentConfig base, Map<String, String> overrides) {
        if (overrides.containsKey("gamma") && overrides.containsKey("gammaQuantile")) {
            throw new IllegalArgumentException("give either 'gamma' (a fixed threshold) or 'gammaQuantile' (read off"
                    + " clean validation samples), not both");
        }
        for (String name : overrides.keySet()) {
            if (!BY_NAME.containsKey(name)) {
                throw new IllegalArgumentException("unknown override '" + name + "'; known: "
                        + NAMES.stream().sorted().toList());
            }
        }
        ExperimentConfig c = base;
        for (Setting s : SETTINGS) {
            if (!overrides.containsKey(s.name())) {
                continue;
            }
            String v = overrides.get(s.name()) == null ? "" : overrides.get(s.name()).strip();
            try {
                c = s.apply().apply(c, v);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("override '" + s.name() + "' has an invalid value '" + v
                        + "'; accepted: " + s.range());
            }
        }
        return c;
    }

    /**
     * Settings that say which cell and victim a run measures, or only how fast it runs, not what the defense does: a
     * benchmark row has its own columns for them (encoder, model, training rows, victim epochs, precision), so they are
     * left out of {@link #departures}.
     */
    static final Set<String> SETUP = Set.of("encoder", "layers", "maxLength", "victimEpochs", "victimLr", "trainRows",
            "testRows", "methods", "precision", "teacherCache");

    /**
     * The defense's settings in which {@code config} departs from {@code base} (a profile's), name to value as written,
     * in table order: what a benchmark row carries so that a run with {@code --set patience=0} is never read, or
     * stored, as a run of the default. Read off the configuration, not the overrides given: one that restates the
     * default departs from nothing.
     */
    public static Map<String, String> departures(ExperimentConfig config, ExperimentConfig base) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting s : SETTINGS) {
            String value = s.current().apply(config);
            if (!SETUP.contains(s.name()) && !value.equals(s.current().apply(base))) {
                out.put(s.name(), value);
            }
        }
        return out;
    }

    /**
     * The settings as a Markdown table with each profile's value: the README's settings table is this text (a test
     * fails when they drift).
     */
    public static String markdownTable() {
        StringBuilder b = new StringBuilder("| setting | quick | paper | accepted | what it sets |\n");
        b.append("|---|---|---|---|---|\n");
        ExperimentConfig quick = Profile.QUICK.config();
        ExperimentConfig paper = Profile.PAPER.config();
        for (Setting s : SETTINGS) {
            b.append("| `").append(s.name()).append("` | ").append(s.current().apply(quick)).append(" | ")
                    .append(s.current().apply(paper)).append(" | ").append(s.range().replace("|", "\\|"))
                    .append(" | ").append(s.doc()).append(" |\n");
        }
        return b.toString();
    }

    private static Map<String, Setting> byName() {
        Map<String, Setting> m = new LinkedHashMap<>();
        SETTINGS.forEach(s -> m.put(s.name(), s));
        return Collections.unmodifiableMap(m);
    }

    private static Setting integer(String name, int min, int max, String doc,
            Function<ExperimentConfig, Integer> current, BiFunction<ExperimentConfig, Integer, ExperimentConfig> apply) {
        String range = "an integer in [" + min + ", " + max + "]";
        return new Setting(name, range, doc, c -> current.apply(c).toString(), (c, v) -> {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException("override '" + name + "' = " + n + " is out of range: " + range);
            }
            return apply.apply(c, n);
        });
    }

    /** A finite number in {@code (min or [min, max]}. */
    private static Setting decimal(String name, double min, boolean minIncluded, double max, String doc,
            Function<ExperimentConfig, Object> current, BiFunction<ExperimentConfig, Double, ExperimentConfig> apply) {
        String range = "a number in " + (minIncluded ? "[" : "(") + text(min) + ", " + text(max) + "]";
        return new Setting(name, range, doc, c -> {
            Object v = current.apply(c);
            return v instanceof Number n ? text(n.doubleValue()) : v.toString();
        }, (c, v) -> {
            double d = Double.parseDouble(v);
            boolean ok = Double.isFinite(d) && (minIncluded ? d >= min : d > min) && d <= max;
            if (!ok) {
                throw new IllegalArgumentException("override '" + name + "' = " + v + " is out of range: " + range);
            }
            return apply.apply(c, d);
        });
    }

    /** Only {@code true} or {@code false}: Boolean.parseBoolean would read a typo as false. */
    private static Setting bool(String name, String doc, Function<ExperimentConfig, Boolean> current,
            BiFunction<ExperimentConfig, Boolean, ExperimentConfig> apply) {
        return new Setting(name, "true|false", doc, c -> current.apply(c).toString(), (c, v) -> apply.apply(c, switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("override '" + name + "' must be true or false, was '" + v
                    + "'");
        }));
    }

    /** A number as people write it: 0.05, 0.00003, 100 (the float's own digits, not those of its double widening). */
    private static String text(double d) {
        return new BigDecimal(Float.toString((float) d)).stripTrailingZeros().toPlainString();
    }
}
