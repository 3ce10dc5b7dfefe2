package org.bedkd.pipeline;

import java.util.List;
import java.util.Locale;
import org.bedkd.defense.akd.AkdConfig;
import org.bedkd.defense.dmm.DmmConfig;
import org.bedkd.defense.mepd.FlagSize;
import org.bedkd.defense.mepd.GammaRule;
import org.bedkd.defense.mepd.MepdConfig;
import org.bedkd.train.TrainSpeed;

/** Named bundles of settings. */
public enum Profile {
    /**
     * Minutes on 2 CPU cores for the embedded slice: every training row (a job screens the whole set it is given;
     * sub-sampling is the explicit override {@code trainRows}), MiniLM-L6 victim for 2 epochs, DMM 40/class × 10 epochs on the flipped
     * labels alone (α = 1: with the paper's α = 0.3 the soft term holds this small DMM at the suspect model and SynBkd
     * goes undetected, results/AKD.md), γ read off the clean validation split as the 5 % quantile of its MEPD (a fixed
     * γ = 0.05 fitted SST-2 but flagged almost nothing on 4-class AG News, where every MEPD is larger), every sample
     * under γ flagged, our AKD (relabel punish, at most one punished sample per trust sample per epoch, interleaved,
     * early stopping) for up to 6 epochs, full test sets.
     */
    QUICK,
    /**
     * The paper's hyper-parameters on the full training set: victim 3 epochs, n_c = 320, DMM 80/class × 20 epochs,
     * γ = 0.1, n_p = 32, AKD 50 epochs with the literal punish loss; all baselines. 44 minutes for SST-2 BadWords
     * (6,920 rows, one seed) on 2 cores.
     */
    PAPER;

    public static Profile parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown profile '" + s + "'; one of quick, paper");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public ExperimentConfig config() {
        return switch (this) {
            case QUICK -> ExperimentConfigBuilder.builder().profile(id())
                    .victim(new VictimConfig(ModelSpec.miniLm(), 2, 5e-5f, 32)).trainRows(0).cleanPerClass(100)
                    .validationRows(400).testRows(0).dmm(DmmConfig.builder().build())
                    .mepd(new MepdConfig(GammaRule.cleanQuantile(0.05f), 0, 64, FlagSize.FIT)).akd(AkdConfig.defaults())
                    .methods(List.of("bedkd")).seed(42).evalBatchSize(64).speed(TrainSpeed.DEFAULT).build();
            case PAPER -> QUICK.config().with(b -> b.profile(id()).victim(new VictimConfig(ModelSpec.miniLm(), 3, 3e-5f,
                    32)).trainRows(0).cleanPerClass(320).validationRows(1000).dmm(DmmConfig.paper())
                    .mepd(MepdConfig.paper()).akd(AkdConfig.paper())
                    .methods(List.of("ft", "kd", "ft+dmm", "kd+dmm", "bedkd")));
        };
    }
}
