package org.bedkd.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import org.bedkd.defense.akd.AkdEpoch;
import org.bedkd.defense.akd.ClassShares;
import org.bedkd.defense.mepd.DetectionQuality;
import org.bedkd.defense.mepd.PoisonEvidence;
import org.bedkd.metrics.Evaluation;

/**
 * The result of one dataset × attack run, as written to {@code report.json}.
 *
 * @param name cell name
 * @param source data provenance
 * @param target attacker's target label
 * @param config every setting
 * @param sizes how many samples each part had
 * @param victim the suspect model on the test sets ("no defense")
 * @param victimSeconds victim training time
 * @param detection DMM + MEPD summary
 * @param methods one row per defense
 * @param totalSeconds wall time of the whole run
 */
public record ExperimentReport(String name, String source, int target, ExperimentConfig config, Sizes sizes,
        Evaluation victim, double victimSeconds, DetectionReport detection, List<MethodResult> methods,
        double totalSeconds) {

    /** Sample counts. */
    public record Sizes(int train, long trainPoisoned, int fewClean, int validation, int testClean, int testTriggered) {
    }

    /**
     * What a run's detection found, with the ground truth the task data carries (the job events carry
     * {@code org.bedkd.contracts.DetectionSummary}, which has no histograms).
     *
     * @param dmmFlippedAccuracy share of the DMM's training samples it assigns to the flipped label (percent)
     * @param dmmEpochs epochs the DMM trained: N_m, more where its flip had not held
     * @param gamma the threshold the configured rule gave
     * @param gammaRule how it was set ({@link org.bedkd.defense.mepd.GammaRule#describe})
     * @param belowGamma samples under γ
     * @param flagged samples kept (≤ n_p)
     * @param evidence how much of what scored under γ clean text alone explains, read without poison labels
     *     ({@code null} for a fixed γ, which scores no clean samples)
     * @param quality FAR/FRR at γ when ground truth is known
     * @param auroc threshold-free separation of poisoned from clean by MEPD (1 = perfect, 0.5 = chance) when ground
     *     truth is known
     * @param cleanHistogram MEPD histogram of clean training samples (20 bins over [0, 0.5])
     * @param poisonedHistogram the same for poisoned samples
     * @param seconds DMM training + scoring time
     * @param suspectedTriggers the words most over-represented in the flagged samples, read without poison labels
     *     ({@link org.bedkd.defense.mepd.TriggerCandidates})
     * @param scoreTable every training sample's MEPD with its ground truth ({@link
     *     org.bedkd.defense.mepd.ScoreTable}, written beside the report as {@code scores.csv}, not into it: at full
     *     size it is thousands of rows, and it is what a new flagging rule is tried on without training again)
     * @param calibrationTable the clean calibration split's scores ({@link
     *     org.bedkd.defense.mepd.ScoreTable#calibrationCsv}, written as {@code calibration-scores.csv}): what a fitted
     *     γ is read against, so a new rule can be replayed on both
     */
    public record DetectionReport(double dmmFlippedAccuracy, int dmmEpochs, float gamma, String gammaRule, int belowGamma,
            int flagged, PoisonEvidence evidence, DetectionQuality quality, Double auroc, int[] cleanHistogram,
            int[] poisonedHistogram, double seconds, List<String> suspectedTriggers,
            @JsonIgnore byte[] scoreTable, @JsonIgnore byte[] calibrationTable) {
    }

    /**
     * @param method defense id
     * @param evaluation scores on the test sets
     * @param selectedEpoch epoch chosen on validation signals
     * @param epochs per-epoch statistics
     * @param punished flagged samples trained on
     * @param heldOut flagged samples held out for selection
     * @param seconds wall time of the defense (training + per-epoch validation)
     * @param flagging FAR/FRR of the flagged set this method used ({@code null} for methods without one)
     * @param gamma the γ its flagged set was cut at ({@code null} for methods without one)
     * @param gammaRule how that γ was set ({@code null} for methods without one)
     * @param withinCaccTolerance whether the selected epoch kept validation CACC within tolerance (an inference-time
     *     filter: whether the filtered model's validation CACC stayed within it)
     * @param filter what an inference-time filter cost and refused ({@code null} for the training-time defenses)
     * @param classShares the class-1 count AKD read its epochs at ({@code null} when not matched, or not AKD)
     */
    public record MethodResult(String method, Evaluation evaluation, int selectedEpoch, List<AkdEpoch> epochs,
            int punished, int heldOut, double seconds, DetectionQuality flagging, Float gamma, String gammaRule,
            boolean withinCaccTolerance, FilterCost filter, ClassShares classShares) {

        /** A training-time defense's row. */
        public MethodResult(String method, Evaluation evaluation, int selectedEpoch, List<AkdEpoch> epochs,
                int punished, int heldOut, double seconds, DetectionQuality flagging, Float gamma, String gammaRule,
                boolean withinCaccTolerance, ClassShares classShares) {
            this(method, evaluation, selectedEpoch, epochs, punished, heldOut, seconds, flagging, gamma, gammaRule,
                    withinCaccTolerance, null, classShares);
        }

        public MethodResult withSeconds(double value) {
            return new MethodResult(method, evaluation, selectedEpoch, epochs, punished, heldOut, value, flagging,
                    gamma, gammaRule, withinCaccTolerance, filter, classShares);
        }
    }

    /**
     * An inference-time filter in front of the suspect model.
     *
     * @param setting the fitted settings in words
     * @param fitSeconds fitting on the clean data (thresholds, language model)
     * @param filterMsPerSample the filter's own time per test input, beyond the model's answer
     * @param modelMsPerSample the suspect model's time per test input without the filter, for scale
     * @param cleanRefused clean test inputs refused, percent (only STRIP refuses)
     * @param triggeredRefused triggered test inputs refused, percent
     */
    public record FilterCost(String setting, double fitSeconds, double filterMsPerSample, double modelMsPerSample,
            double cleanRefused, double triggeredRefused) {
    }

    /** The same report with other method rows (e.g. their times corrected by a caller that measured beside them). */
    public ExperimentReport withMethods(List<MethodResult> rows) {
        return new ExperimentReport(name, source, target, config, sizes, victim, victimSeconds, detection, rows,
                totalSeconds);
    }

    public MethodResult method(String id) {
        return methods.stream().filter(m -> m.method().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no result for method " + id));
    }
}
