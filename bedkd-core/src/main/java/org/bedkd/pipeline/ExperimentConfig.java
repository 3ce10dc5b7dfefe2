package org.bedkd.pipeline;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.List;
import org.bedkd.defense.akd.AkdConfig;
import org.bedkd.defense.dmm.DmmConfig;
import org.bedkd.defense.mepd.MepdConfig;
import org.bedkd.train.TrainSpeed;

/**
 * Every knob of one dataset × attack run; recorded verbatim in the report. Built from a {@link Profile}, changed by
 * name through {@link Overrides} or in code with the generated withers ({@code config.withSeed(43)},
 * {@code config.with(b -> b.trainRows(0).testRows(500))}).
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
@RecordBuilder
public record ExperimentConfig(String profile, VictimConfig victim, int trainRows, int cleanPerClass, int validationRows,
        int testRows, DmmConfig dmm, MepdConfig mepd, AkdConfig akd, List<String> methods, long seed,
        int evalBatchSize, TrainSpeed speed) implements ExperimentConfigBuilder.With {

    public ExperimentConfig {
        methods = MethodSpec.validate(methods);
        if (cleanPerClass < 1 || validationRows < 1) {
            throw new IllegalArgumentException("cleanPerClass and validationRows must be >= 1");
        }
        if (speed == null) {
            speed = TrainSpeed.DEFAULT;
        }
    }
}
