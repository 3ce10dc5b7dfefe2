package org.bedkd.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.bedkd.defense.akd.PunishStrategy;
import org.bedkd.defense.dmm.DmmConfig;
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
     */
    public record Setting(String name, String range, String doc,
            BiFunction<ExperimentConfig, String, ExperimentConfig> apply) {
    }

    /** Every setting, in documentation order. */
    public static final List<Setting> SETTINGS = List.of(
            decimal("gamma", 0, false, 1, "fixed MEPD threshold: samples under it are flagged",
                    (c, v) -> c.withMepd(c.mepd().withGamma(GammaRule.fixed(v.floatValue())))),
            decimal("gammaQuantile", 0, false, 1, "γ = this quantile of the clean validation split's MEPD",
                    (c, v) -> c.withMepd(c.mepd().withGamma(GammaRule.cleanQuantile(v.floatValue())))),
            integer("maxFlagged", 0, 10_000_000, "flag at most this many samples (0: no cap)",
                    (c, v) -> c.withMepd(c.mepd().withMaxFlagged(v))),
            integer("dmmPerClass", 1, 100_000, "clean samples per class the DMM is trained on",
                    (c, v) -> c.withDmm(dmm(c.dmm(), v, null, null, null, null))),
            integer("dmmEpochs", 1, 1000, "DMM training epochs", (c, v) -> c.withDmm(dmm(c.dmm(), null, v, null, null,
                    null))),
            decimal("dmmAlpha", 0, true, 1, "weight of the DMM's hard (flipped-label) loss",
                    (c, v) -> c.withDmm(dmm(c.dmm(), null, null, v.floatValue(), null, null))),
            decimal("dmmTemperature", 0, false, 100, "temperature of the DMM's soft loss",
                    (c, v) -> c.withDmm(dmm(c.dmm(), null, null, null, v.floatValue(), null))),
            decimal("dmmLr", 0, false, 1, "DMM learning rate",
                    (c, v) -> c.withDmm(dmm(c.dmm(), null, null, null, null, v.floatValue()))),
            integer("akdEpochs", 1, 1000, "most AKD epochs", (c, v) -> c.withAkd(c.akd().withEpochs(v))),
            new Setting("punish", "paper|bounded|relabel", "how flagged samples are punished",
                    (c, v) -> c.withAkd(c.akd().withPunish(PunishStrategy.parse(v)))),
            integer("punishLimit", 0, 10_000_000, "n_p: punish at most this many flagged samples (0: all)",
                    (c, v) -> c.withAkd(c.akd().withPunishLimit(v))),
            decimal("punishRatio", 0, true, 1000, "per epoch, at most this many punished samples per trust sample",
                    (c, v) -> c.withAkd(c.akd().withPunishRatio(v))),
            integer("patience", 0, 1000, "AKD early stopping: epochs without improvement (0: off)",
                    (c, v) -> c.withAkd(c.akd().withPatience(v))),
            integer("cleanPerClass", 1, 1_000_000, "n_c: clean samples per class the defender holds",
                    (c, v) -> c.withClean(v, c.validationRows())),
            integer("validationRows", 1, 10_000_000, "clean validation rows (γ calibration, model selection)",
                    (c, v) -> c.withClean(c.cleanPerClass(), v)),
            integer("trainRows", 0, 100_000_000, "training rows used (0: all)", (c, v) -> c.withTrainRows(v)),
            integer("testRows", 0, 100_000_000, "test rows per test set (0: all)", (c, v) -> c.withTestRows(v)),
            integer("victimEpochs", 1, 1000, "victim training epochs (benchmarks)",
                    (c, v) -> c.withVictim(new VictimConfig(c.victim().model(), v, c.victim().learningRate(),
                            c.victim().batchSize()))),
            new Setting("encoder", "minilm-l6|bge-small", "pretrained encoder the victim starts from, all its layers "
                    + "(benchmarks)", (c, v) -> c.withVictim(new VictimConfig(c.victim().model().withEncoder(v),
                            c.victim().epochs(), c.victim().learningRate(), c.victim().batchSize()))),
            new Setting("methods", "comma-separated, of " + MethodSpec.NAMES, "methods run (benchmarks)",
                    (c, v) -> c.withMethods(MethodSpec.validate(List.of(v.split(","))))),
            bool("lengthBucketing", "batch texts of similar length together",
                    (c, v) -> c.withSpeed(c.speed().withLengthBucketing(v))),
            bool("freezeWordEmbeddings", "keep word embeddings frozen while training",
                    (c, v) -> c.withSpeed(c.speed().withFreezeWordEmbeddings(v))),
            bool("teacherCache", "compute the teacher's outputs once per run",
                    (c, v) -> c.withSpeed(c.speed().withTeacherCache(v))));

    private static final Map<String, Setting> BY_NAME = byName();

    /** Every accepted name. */
    public static final Set<String> NAMES = BY_NAME.keySet();

    private Overrides() {
    }

    public static ExperimentConfig apply(ExperimentConfig base, Map<String, String> overrides) {
        if (overrides.containsKey("gamma") && overrides.containsKey("gammaQuantile")) {
            throw new IllegalArgumentException("give either 'gamma' (a fixed threshold) or 'gammaQuantile' (read off"
                    + " clean validation samples), not both");
        }
        ExperimentConfig c = base;
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            Setting s = BY_NAME.get(e.getKey());
            if (s == null) {
                throw new IllegalArgumentException("unknown override '" + e.getKey() + "'; known: "
                        + NAMES.stream().sorted().toList());
            }
            String v = e.getValue() == null ? "" : e.getValue().strip();
            try {
                c = s.apply().apply(c, v);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("override '" + s.name() + "' has an invalid value '" + v
                        + "'; accepted: " + s.range());
            }
        }
        return c;
    }

    private static Map<String, Setting> byName() {
        Map<String, Setting> m = new LinkedHashMap<>();
        SETTINGS.forEach(s -> m.put(s.name(), s));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Setting integer(String name, int min, int max, String doc,
            BiFunction<ExperimentConfig, Integer, ExperimentConfig> apply) {
        String range = "an integer in [" + min + ", " + max + "]";
        return new Setting(name, range, doc, (c, v) -> {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException("override '" + name + "' = " + n + " is out of range: " + range);
            }
            return apply.apply(c, n);
        });
    }

    /** A finite number in {@code (min or [min, max]}. */
    private static Setting decimal(String name, double min, boolean minIncluded, double max, String doc,
            BiFunction<ExperimentConfig, Double, ExperimentConfig> apply) {
        String range = "a number in " + (minIncluded ? "[" : "(") + min + ", " + max + "]";
        return new Setting(name, range, doc, (c, v) -> {
            double d = Double.parseDouble(v);
            boolean ok = Double.isFinite(d) && (minIncluded ? d >= min : d > min) && d <= max;
            if (!ok) {
                throw new IllegalArgumentException("override '" + name + "' = " + v + " is out of range: " + range);
            }
            return apply.apply(c, d);
        });
    }

    /** Only {@code true} or {@code false}: Boolean.parseBoolean would read a typo as false. */
    private static Setting bool(String name, String doc,
            BiFunction<ExperimentConfig, Boolean, ExperimentConfig> apply) {
        return new Setting(name, "true|false", doc, (c, v) -> apply.apply(c, switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("override '" + name + "' must be true or false, was '" + v
                    + "'");
        }));
    }

    private static DmmConfig dmm(DmmConfig d, Integer perClass, Integer epochs, Float alpha, Float temperature,
            Float lr) {
        return new DmmConfig(perClass != null ? perClass : d.samplesPerClass(), epochs != null ? epochs : d.epochs(),
                alpha != null ? alpha : d.alpha(), temperature != null ? temperature : d.temperature(),
                lr != null ? lr : d.learningRate(), d.batchSize());
    }
}
