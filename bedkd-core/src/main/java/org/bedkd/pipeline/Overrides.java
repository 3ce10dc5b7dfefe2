package org.bedkd.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bedkd.defense.akd.PunishStrategy;
import org.bedkd.defense.dmm.DmmConfig;
import org.bedkd.defense.mepd.GammaRule;
import org.bedkd.defense.mepd.MepdConfig;

/**
 * Named setting overrides on top of a profile, as a job request or the CLI gives them ({@code gamma=0.05}). Unknown
 * names and unparsable values are rejected with a message, never ignored.
 */
public final class Overrides {

    /** Every accepted name. */
    public static final Set<String> NAMES = Set.of("gamma", "gammaQuantile", "maxFlagged", "dmmPerClass", "dmmEpochs",
            "dmmAlpha", "dmmTemperature", "dmmLr", "akdEpochs", "punish", "punishLimit", "punishRatio", "patience",
            "cleanPerClass", "validationRows", "trainRows", "testRows", "victimEpochs", "methods", "lengthBucketing",
            "freezeWordEmbeddings", "teacherCache");

    private Overrides() {
    }

    public static ExperimentConfig apply(ExperimentConfig base, Map<String, String> overrides) {
        if (overrides.containsKey("gamma") && overrides.containsKey("gammaQuantile")) {
            throw new IllegalArgumentException("give either 'gamma' (a fixed threshold) or 'gammaQuantile' (read off"
                    + " clean validation samples), not both");
        }
        ExperimentConfig c = base;
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String v = e.getValue() == null ? "" : e.getValue().strip();
            try {
                c = apply(c, e.getKey(), v);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("override '" + e.getKey() + "' has an invalid value '" + v + "'");
            }
        }
        return c;
    }

    /** Only {@code true} or {@code false}: Boolean.parseBoolean would read a typo as false. */
    private static boolean bool(String name, String v) {
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("override '" + name + "' must be true or false, was '" + v
                    + "'");
        };
    }

    private static ExperimentConfig apply(ExperimentConfig c, String name, String v) {
        DmmConfig d = c.dmm();
        MepdConfig m = c.mepd();
        return switch (name) {
            case "gamma" -> c.withMepd(m.withGamma(GammaRule.fixed(Float.parseFloat(v))));
            case "gammaQuantile" -> c.withMepd(m.withGamma(GammaRule.cleanQuantile(Float.parseFloat(v))));
            case "maxFlagged" -> c.withMepd(m.withMaxFlagged(Integer.parseInt(v)));
            case "dmmPerClass" -> c.withDmm(new DmmConfig(Integer.parseInt(v), d.epochs(), d.alpha(), d.temperature(),
                    d.learningRate(), d.batchSize()));
            case "dmmEpochs" -> c.withDmm(new DmmConfig(d.samplesPerClass(), Integer.parseInt(v), d.alpha(),
                    d.temperature(), d.learningRate(), d.batchSize()));
            case "dmmAlpha" -> c.withDmm(new DmmConfig(d.samplesPerClass(), d.epochs(), Float.parseFloat(v),
                    d.temperature(), d.learningRate(), d.batchSize()));
            case "dmmTemperature" -> c.withDmm(new DmmConfig(d.samplesPerClass(), d.epochs(), d.alpha(),
                    Float.parseFloat(v), d.learningRate(), d.batchSize()));
            case "dmmLr" -> c.withDmm(new DmmConfig(d.samplesPerClass(), d.epochs(), d.alpha(), d.temperature(),
                    Float.parseFloat(v), d.batchSize()));
            case "akdEpochs" -> c.withAkd(c.akd().withEpochs(Integer.parseInt(v)));
            case "punish" -> c.withAkd(c.akd().withPunish(PunishStrategy.parse(v)));
            case "punishLimit" -> c.withAkd(c.akd().withPunishLimit(Integer.parseInt(v)));
            case "punishRatio" -> c.withAkd(c.akd().withPunishRatio(Double.parseDouble(v)));
            case "patience" -> c.withAkd(c.akd().withPatience(Integer.parseInt(v)));
            case "cleanPerClass" -> c.withClean(Integer.parseInt(v), c.validationRows());
            case "validationRows" -> c.withClean(c.cleanPerClass(), Integer.parseInt(v));
            case "trainRows" -> c.withTrainRows(Integer.parseInt(v));
            case "testRows" -> c.withTestRows(Integer.parseInt(v));
            case "victimEpochs" -> c.withVictim(new VictimConfig(c.victim().model(), Integer.parseInt(v),
                    c.victim().learningRate(), c.victim().batchSize()));
            case "methods" -> c.withMethods(List.of(v.split(",")));
            case "lengthBucketing" -> c.withSpeed(c.speed().withLengthBucketing(bool(name, v)));
            case "freezeWordEmbeddings" -> c.withSpeed(c.speed().withFreezeWordEmbeddings(bool(name, v)));
            case "teacherCache" -> c.withSpeed(c.speed().withTeacherCache(bool(name, v)));
            default -> throw new IllegalArgumentException("unknown override '" + name + "'; known: "
                    + NAMES.stream().sorted().toList());
        };
    }
}
