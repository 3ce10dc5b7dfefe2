package org.bedkd.pipeline;

import java.util.List;
import org.bedkd.defense.akd.AkdConfig;
import org.bedkd.defense.dmm.DmmConfig;
import org.bedkd.defense.mepd.MepdConfig;
import org.bedkd.train.TrainSpeed;

/**
 * Every knob of one dataset × attack run; recorded verbatim in the report.
 *
 * @param profile profile name it came from
 * @param victim victim training
 * @param trainRows use at most this many training rows (stratified sample; 0 = all)
 * @param cleanPerClass n_c: clean samples per class for trust distillation / fine-tuning (D_c^few)
 * @param validationRows at most this many clean validation rows for model selection (the rest of the clean pool)
 * @param testRows at most this many rows per test set (0 = all)
 * @param dmm DMM settings
 * @param mepd flagging settings
 * @param akd purification settings (shared by every method)
 * @param methods defenses to run after detection, by name (see {@link MethodSpec#NAMES})
 * @param seed master seed
 * @param evalBatchSize inference batch size
 * @param speed our speed-ups of the DMM and AKD training (all on unless a benchmark measures one; the victim always
 *     trains with them)
 */
public record ExperimentConfig(String profile, VictimConfig victim, int trainRows, int cleanPerClass, int validationRows,
        int testRows, DmmConfig dmm, MepdConfig mepd, AkdConfig akd, List<String> methods, long seed,
        int evalBatchSize, TrainSpeed speed) {

    public ExperimentConfig {
        methods = MethodSpec.validate(methods);
        if (cleanPerClass < 1 || validationRows < 1) {
            throw new IllegalArgumentException("cleanPerClass and validationRows must be >= 1");
        }
        if (speed == null) {
            speed = TrainSpeed.DEFAULT;
        }
    }

    /** Every speed-up on. */
    public ExperimentConfig(String profile, VictimConfig victim, int trainRows, int cleanPerClass, int validationRows,
            int testRows, DmmConfig dmm, MepdConfig mepd, AkdConfig akd, List<String> methods, long seed,
            int evalBatchSize) {
        this(profile, victim, trainRows, cleanPerClass, validationRows, testRows, dmm, mepd, akd, methods, seed,
                evalBatchSize, TrainSpeed.DEFAULT);
    }

    public ExperimentConfig withSpeed(TrainSpeed t) {
        return new ExperimentConfig(profile, victim, trainRows, cleanPerClass, validationRows, testRows, dmm, mepd, akd,
                methods, seed, evalBatchSize, t);
    }

    public ExperimentConfig withSeed(long s) {
        return new ExperimentConfig(profile, victim, trainRows, cleanPerClass, validationRows, testRows, dmm, mepd, akd,
                methods, s, evalBatchSize, speed);
    }

    public ExperimentConfig withMethods(List<String> m) {
        return new ExperimentConfig(profile, victim, trainRows, cleanPerClass, validationRows, testRows, dmm, mepd, akd, m,
                seed, evalBatchSize, speed);
    }

    public ExperimentConfig withAkd(AkdConfig a) {
        return new ExperimentConfig(profile, victim, trainRows, cleanPerClass, validationRows, testRows, dmm, mepd, a,
                methods, seed, evalBatchSize, speed);
    }

    public ExperimentConfig withTrainRows(int n) {
        return new ExperimentConfig(profile, victim, n, cleanPerClass, validationRows, testRows, dmm, mepd, akd, methods,
                seed, evalBatchSize, speed);
    }

    public ExperimentConfig withTestRows(int n) {
        return new ExperimentConfig(profile, victim, trainRows, cleanPerClass, validationRows, n, dmm, mepd, akd, methods,
                seed, evalBatchSize, speed);
    }

    public ExperimentConfig withDmm(DmmConfig d) {
        return new ExperimentConfig(profile, victim, trainRows, cleanPerClass, validationRows, testRows, d, mepd, akd,
                methods, seed, evalBatchSize, speed);
    }

    public ExperimentConfig withMepd(MepdConfig m) {
        return new ExperimentConfig(profile, victim, trainRows, cleanPerClass, validationRows, testRows, dmm, m, akd,
                methods, seed, evalBatchSize, speed);
    }

    public ExperimentConfig withVictim(VictimConfig v) {
        return new ExperimentConfig(profile, v, trainRows, cleanPerClass, validationRows, testRows, dmm, mepd, akd,
                methods, seed, evalBatchSize, speed);
    }

    public ExperimentConfig withClean(int perClass, int validation) {
        return new ExperimentConfig(profile, victim, trainRows, perClass, validation, testRows, dmm, mepd, akd, methods,
                seed, evalBatchSize, speed);
    }
}
