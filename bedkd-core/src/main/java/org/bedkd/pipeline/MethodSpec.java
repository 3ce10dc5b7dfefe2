package org.bedkd.pipeline;

import java.util.List;
import java.util.Locale;
import org.bedkd.defense.DefenseMethod;
import org.bedkd.defense.akd.AkdConfig;
import org.bedkd.defense.akd.PunishStrategy;
import org.bedkd.defense.filter.InputFilters;
import org.bedkd.defense.mepd.FlagSize;
import org.bedkd.defense.mepd.GammaRule;
import org.bedkd.defense.mepd.MepdConfig;

/**
 * A defense as the experiment runs it: the method, its purification settings and how it picks flagged samples from
 * the (shared) MEPD ranking. Besides the base methods ({@code ft}, {@code kd}, {@code ft+dmm}, {@code kd+dmm},
 * {@code bedkd}) there are BeDKD variants for comparisons: {@code bedkd-paper} (the paper's recipe: γ = 0.1, the 32
 * lowest, literal punish loss, trust then punish, every punished sample every epoch) and {@code bedkd-<strategy>}
 * (the configured recipe with another punish strategy).
 *
 * @param name report name
 * @param method the defense
 * @param akd purification settings
 * @param flagging which ranked samples count as flagged
 */
public record MethodSpec(String name, DefenseMethod method, AkdConfig akd, MepdConfig flagging) {

    /** Every name {@link #resolve} accepts. */
    public static final List<String> NAMES = List.of("none", "ft", "kd", "ft+dmm", "kd+dmm", "bedkd", "bedkd-paper",
            "bedkd-bounded", "bedkd-relabel", "bedkd-balanced", "bedkd-neutral", "bedkd-invariant", "bedkd-quantile",
            "bedkd-quantile-balanced", "bedkd-estimate", "bedkd-fit", "bedkd-fit-balanced", "bedkd-fit-neutral",
            "bedkd-fit-invariant", "bedkd-calibrated", "bedkd-matched", "bedkd-unmatched");

    /** The spec for {@code name} under {@code config} (epochs and learning rate always come from the config). */
    public static MethodSpec resolve(String name, ExperimentConfig config) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        AkdConfig akd = config.akd();
        return switch (n) {
            case "bedkd-paper" -> new MethodSpec(n, DefenseMethod.BEDKD, AkdConfig.paper().with(b -> b
                    .epochs(akd.epochs()).learningRate(akd.learningRate()).batchSize(akd.batchSize())
                    .holdoutFraction(akd.holdoutFraction()).caccTolerance(akd.caccTolerance())),
                    config.mepd().with(b -> b.gamma(GammaRule.fixed(0.1f)).maxFlagged(0)));
            case "bedkd-bounded", "bedkd-relabel", "bedkd-balanced", "bedkd-neutral", "bedkd-invariant" ->
                    new MethodSpec(n, DefenseMethod.BEDKD,
                            akd.withPunish(PunishStrategy.parse(n.substring("bedkd-".length()))), config.mepd());
            // Variants that name both their flagging and their punish pass, so that a row keeps its meaning when the
            // default changes: the default until 2026-12-01 (every sample under the 5 % clean quantile, relabelled),
            // the estimated share of it, and γ fitted to the excess over clean text with each punish pass (fit +
            // balanced was the default for a day; fit + neutral is the default since).
            case "bedkd-quantile" -> new MethodSpec(n, DefenseMethod.BEDKD, akd.withPunish(PunishStrategy.RELABEL),
                    config.mepd().withSize(FlagSize.GAMMA));
            case "bedkd-quantile-balanced" -> new MethodSpec(n, DefenseMethod.BEDKD,
                    akd.withPunish(PunishStrategy.BALANCED), config.mepd().withSize(FlagSize.GAMMA));
            case "bedkd-estimate" -> new MethodSpec(n, DefenseMethod.BEDKD, akd.withPunish(PunishStrategy.RELABEL),
                    config.mepd().withSize(FlagSize.ESTIMATE));
            case "bedkd-fit" -> new MethodSpec(n, DefenseMethod.BEDKD, akd.withPunish(PunishStrategy.RELABEL),
                    config.mepd().withSize(FlagSize.FIT));
            case "bedkd-fit-balanced" -> new MethodSpec(n, DefenseMethod.BEDKD,
                    akd.withPunish(PunishStrategy.BALANCED), config.mepd().withSize(FlagSize.FIT));
            case "bedkd-fit-neutral" -> new MethodSpec(n, DefenseMethod.BEDKD,
                    akd.withPunish(PunishStrategy.NEUTRAL), config.mepd().withSize(FlagSize.FIT));
            case "bedkd-fit-invariant" -> new MethodSpec(n, DefenseMethod.BEDKD,
                    akd.withPunish(PunishStrategy.INVARIANT), config.mepd().withSize(FlagSize.FIT));
            // The configured recipe, then the logits shifted to the clean validation split's class shares.
            case "bedkd-calibrated" -> new MethodSpec(n, DefenseMethod.BEDKD, akd.withCalibratePrior(true),
                    config.mepd());
            // The configured recipe read (and the kept epoch left) at the suspect model's class shares, or not: the
            // default since 2026-12-04 is matched; unmatched is the default before it.
            case "bedkd-matched" -> new MethodSpec(n, DefenseMethod.BEDKD, akd.withMatchSuspectShare(true),
                    config.mepd());
            case "bedkd-unmatched" -> new MethodSpec(n, DefenseMethod.BEDKD, akd.withMatchSuspectShare(false),
                    config.mepd());
            default -> new MethodSpec(n, DefenseMethod.parse(n), akd, config.mepd());
        };
    }

    /** Checks a list of names early, with the list of known ones in the message. */
    public static List<String> validate(List<String> names) {
        for (String n : names) {
            if (!NAMES.contains(n.strip().toLowerCase(Locale.ROOT)) && !InputFilters.isFilter(n)) {
                throw new IllegalArgumentException("unknown method '" + n + "'; one of " + NAMES
                        + " or an inference-time filter, one of " + InputFilters.NAMES);
            }
        }
        return names.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
    }
}
