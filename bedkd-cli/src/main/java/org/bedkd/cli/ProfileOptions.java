package org.bedkd.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.pipeline.Overrides;
import org.bedkd.pipeline.Profile;
import picocli.CommandLine.Option;

/** A profile plus the overrides users reach for most. */
final class ProfileOptions {

    @Option(names = "--profile", defaultValue = "quick",
            description = "quick (minutes on 2 cores) or paper (the paper's hyper-parameters); default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--layers", description = "Use only the first N of MiniLM's 6 layers (faster, weaker).")
    Integer layers;

    @Option(names = "--max-length", description = "Tokens per text after truncation.")
    Integer maxLength;

    @Option(names = "--train-rows", description = "Use at most N training rows (0 = all).")
    Integer trainRows;

    @Option(names = "--test-rows", description = "Use at most N rows of each test set (0 = all).")
    Integer testRows;

    @Option(names = "--victim-epochs", description = "Victim training epochs.")
    Integer victimEpochs;

    @Option(names = "--clean-per-class", description = "n_c: clean samples per class for trust distillation.")
    Integer cleanPerClass;

    @Option(names = "--dmm-per-class", description = "Clean samples per class for the DMM.")
    Integer dmmPerClass;

    @Option(names = "--dmm-epochs", description = "DMM training epochs (N_m).")
    Integer dmmEpochs;

    @Option(names = "--gamma", description = "Flag samples with MEPD below this fixed gamma (the paper: 0.1).")
    Float gamma;

    @Option(names = "--gamma-quantile", description = "Set gamma to this quantile of the MEPD of the clean validation"
            + " split, e.g. 0.05 (quick profile default): about that share of clean samples gets flagged.")
    Float gammaQuantile;

    @Option(names = "--akd-epochs", description = "Purification epochs (N_k).")
    Integer akdEpochs;

    @Option(names = "--punish", description = "AKD punish strategy: paper, bounded or relabel.")
    String punish;

    @Option(names = "--n-p", description = "Punish at most N flagged samples (0 = every sample under gamma).")
    Integer punishLimit;

    @Option(names = "--encoder", description = "Pretrained encoder the victim starts from: minilm-l6 (default) or "
            + "bge-small (12 layers; needs the bge-small Maven artifact, which the CLI carries).")
    String encoder;

    @Option(names = "--methods", split = ",", description = "Defenses to run: none, ft, kd, ft+dmm, kd+dmm, bedkd; "
            + "and the inference-time filters imbert, onion, strip, in front of the suspect model as it is.")
    List<String> methods;

    @Option(names = "--set", description = "Any setting by its name in the README's settings table, e.g. --set dmmAlpha=0.3 "
            + "or --set teacherCache=false (repeatable; unknown names and out-of-range values are rejected).")
    Map<String, String> set = new LinkedHashMap<>();

    ExperimentConfig config(Long seed) {
        // The named options are shorthands for settings of the one table (Overrides.SETTINGS), applied in its order.
        Map<String, String> o = new LinkedHashMap<>();
        put(o, "encoder", encoder);
        put(o, "layers", layers);
        put(o, "maxLength", maxLength);
        put(o, "trainRows", trainRows);
        put(o, "testRows", testRows);
        put(o, "victimEpochs", victimEpochs);
        put(o, "cleanPerClass", cleanPerClass);
        put(o, "dmmPerClass", dmmPerClass);
        put(o, "dmmEpochs", dmmEpochs);
        put(o, "gamma", gamma);
        put(o, "gammaQuantile", gammaQuantile);
        put(o, "akdEpochs", akdEpochs);
        put(o, "punish", punish);
        put(o, "punishLimit", punishLimit);
        put(o, "methods", methods == null ? null : String.join(",", methods));
        set.forEach((k, v) -> {
            if (o.containsKey(k)) {
                throw new IllegalArgumentException("'" + k + "' is given both as an option and with --set");
            }
            o.put(k, v);
        });
        ExperimentConfig c = Overrides.apply(Profile.parse(profile).config(), o);
        return seed != null ? c.withSeed(seed) : c;
    }

    private static void put(Map<String, String> o, String name, Object value) {
        if (value != null) {
            o.put(name, value.toString());
        }
    }
}
