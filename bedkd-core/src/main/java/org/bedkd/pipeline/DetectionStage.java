package org.bedkd.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.bedkd.data.Dataset;
import org.bedkd.data.Sample;
import org.bedkd.defense.dmm.DirectionalMappingTrainer;
import org.bedkd.defense.dmm.DmmConfig;
import org.bedkd.defense.mepd.CleanReader;
import org.bedkd.defense.mepd.Detection;
import org.bedkd.defense.mepd.MepdConfig;
import org.bedkd.defense.mepd.MepdDetector;
import org.bedkd.defense.mepd.MepdScorer;
import org.bedkd.defense.mepd.PoisonEvidence;
import org.bedkd.defense.mepd.TriggerProbe;
import org.bedkd.model.TextClassifier;
import org.bedkd.train.TrainSpeed;

/** Step 1 + 2 of BeDKD: train the DMM on a few clean samples, then score and flag the suspect set by MEPD. */
public final class DetectionStage {

    private DetectionStage() {
    }

    /**
     * @param dmm the trained DMM (caller closes it; the detector service keeps it for streaming screening)
     * @param dmmTraining how the DMM trained
     * @param detection ranked scores and flagged samples
     * @param probe what the detection asked the suspect model about trigger words, answers remembered: re-ranking the
     *     same detection asks it again for free
     * @param reader the clean reader asked before a trigger starts on the suspect's answer alone, trained on first use
     *     and then remembering what it read (re-ranking shares it)
     * @param seconds wall time of both steps
     */
    public record Outcome(TextClassifier dmm, DirectionalMappingTrainer.DmmResult dmmTraining, Detection detection,
            TriggerProbe probe, CleanReader reader, double seconds) {
    }

    /**
     * @param fewClean D_c^few, the DMM's training data
     * @param calibration clean samples the DMM does not train on (the validation split); γ is read off their MEPD
     *     when the rule is a clean quantile
     * @param readerRecipe how a {@link CleanReader} trains on {@code fewClean} and {@code calibration} when a word would
     *     start a trigger on the suspect's answer alone (the encoder, learning rate and batch of a victim; its epochs
     *     are {@link CleanReader#EPOCHS})
     */
    public static Outcome run(TextClassifier suspect, Dataset suspectSet, Dataset fewClean, Dataset calibration,
            DmmConfig dmmConfig, MepdConfig mepdConfig, VictimConfig readerRecipe, TrainSpeed speed, long seed,
            Progress progress) {
        long start = System.nanoTime();
        suspect.setPrecision(speed.resolvedPrecision()); // the DMM, a copy, inherits it
        progress.stage("dmm", "training the DMM on up to " + dmmConfig.samplesPerClass() + " clean samples per class, "
                + dmmConfig.epochs() + " epochs");
        DirectionalMappingTrainer.DmmResult dmm = DirectionalMappingTrainer.train(suspect, fewClean, dmmConfig, speed,
                seed, progress.listener("dmm"));
        try {
            progress.stage("mepd", String.format(java.util.Locale.ROOT, "DMM trained on %d samples for %d epochs,"
                    + " flipped-label accuracy %.1f %%; scoring %d samples", dmm.samples(), dmm.epochs(),
                    100 * dmm.flippedAccuracy(),
                    suspectSet.size() + (mepdConfig.gamma().calibrated() ? calibration.size() : 0)));
            MepdScorer scorer = new MepdScorer(suspect, dmm.dmm(), mepdConfig.batchSize());
            TriggerProbe probe = scorer.probe(calibration).cached();
            CleanReader reader = cleanReader(fewClean, calibration, suspectSet, readerRecipe, speed, seed,
                    mepdConfig.batchSize(), progress);
            Detection detection = MepdDetector.detect(scorer, suspectSet, calibration, mepdConfig, probe, reader);
            progress.stage("mepd", String.format(java.util.Locale.ROOT, "%d samples under gamma %.4f (%s), %d kept",
                    detection.belowGamma(), detection.gamma(), detection.describeRule(),
                    detection.flagged().size()));
            PoisonEvidence evidence = PoisonEvidence.of(detection);
            if (evidence != null) {
                progress.stage("mepd", (evidence.weak() ? "WARNING: " : "") + evidence.describe());
            }
            return new Outcome(dmm.dmm(), dmm, detection, probe, reader, (System.nanoTime() - start) / 1e9);
        } catch (RuntimeException e) {
            dmm.dmm().close();
            throw e;
        }
    }

    /**
     * A reader of {@code set} trained from the pretrained encoder on the defender's clean texts, on first use; taught
     * readers ({@link org.bedkd.defense.mepd.TailCheck}) train on the same texts plus some of the set's rows.
     */
    private static CleanReader cleanReader(Dataset fewClean, Dataset calibration, Dataset set, VictimConfig recipe,
            TrainSpeed speed, long seed, int batchSize, Progress progress) {
        List<Sample> clean = new ArrayList<>(fewClean.samples());
        clean.addAll(calibration.samples());
        VictimConfig config = recipe.withEpochs(CleanReader.EPOCHS);
        return CleanReader.trainedOnFirstUse(taught -> {
            progress.stage("reader", taught.isEmpty()
                    ? "training a clean reader (a model that never saw the set) on " + clean.size()
                            + " clean texts, " + config.epochs() + " epochs"
                    : "MEPD's tail holds no trigger word: is it poison or rows the suspect memorised? Training a reader"
                            + " on " + clean.size() + " clean texts and " + taught.size() + " of the tail's rows, "
                            + config.epochs() + " epochs");
            return VictimTrainer.train(fewClean.withSamples("clean-reader", CleanReader.trainingRows(clean, taught)),
                    config, seed, speed.resolvedPrecision(), progress, "reader");
        }, set, batchSize);
    }
}
