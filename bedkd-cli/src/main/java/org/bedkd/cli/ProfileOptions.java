package org.bedkd.cli;

import java.util.List;
import org.bedkd.defense.DefenseMethod;
import org.bedkd.defense.akd.PunishStrategy;
import org.bedkd.defense.dmm.DmmConfig;
import org.bedkd.defense.mepd.MepdConfig;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.pipeline.ModelSpec;
import org.bedkd.pipeline.Profile;
import org.bedkd.pipeline.VictimConfig;
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

    @Option(names = "--gamma", description = "Flag samples with MEPD below gamma.")
    Float gamma;

    @Option(names = "--akd-epochs", description = "Purification epochs (N_k).")
    Integer akdEpochs;

    @Option(names = "--punish", description = "AKD punish strategy: paper, bounded or relabel.")
    String punish;

    @Option(names = "--n-p", description = "Punish at most N flagged samples (0 = every sample under gamma).")
    Integer punishLimit;

    @Option(names = "--methods", split = ",", description = "Defenses to run: none, ft, kd, ft+dmm, kd+dmm, bedkd.")
    List<String> methods;

    ExperimentConfig config(Long seed) {
        ExperimentConfig c = Profile.parse(profile).config();
        if (layers != null || maxLength != null || victimEpochs != null) {
            VictimConfig v = c.victim();
            ModelSpec m = new ModelSpec(layers != null ? layers : v.model().layers(),
                    maxLength != null ? maxLength : v.model().maxSequenceLength());
            c = c.withVictim(new VictimConfig(m, victimEpochs != null ? victimEpochs : v.epochs(), v.learningRate(),
                    v.batchSize()));
        }
        if (trainRows != null) {
            c = c.withTrainRows(trainRows);
        }
        if (testRows != null) {
            c = c.withTestRows(testRows);
        }
        if (cleanPerClass != null) {
            c = c.withClean(cleanPerClass, c.validationRows());
        }
        if (dmmPerClass != null || dmmEpochs != null) {
            DmmConfig d = c.dmm();
            c = c.withDmm(new DmmConfig(dmmPerClass != null ? dmmPerClass : d.samplesPerClass(),
                    dmmEpochs != null ? dmmEpochs : d.epochs(), d.alpha(), d.temperature(), d.learningRate(),
                    d.batchSize()));
        }
        if (gamma != null) {
            c = c.withMepd(new MepdConfig(gamma, c.mepd().maxFlagged(), c.mepd().batchSize()));
        }
        if (akdEpochs != null) {
            c = c.withAkd(c.akd().withEpochs(akdEpochs));
        }
        if (punish != null) {
            c = c.withAkd(c.akd().withPunish(PunishStrategy.parse(punish)));
        }
        if (punishLimit != null) {
            c = c.withAkd(c.akd().withPunishLimit(punishLimit));
        }
        if (methods != null) {
            c = c.withMethods(methods.stream().map(DefenseMethod::parse).toList());
        }
        return seed != null ? c.withSeed(seed) : c;
    }
}
