package org.bedkd.defense.dmm;

import java.util.List;
import org.bedkd.data.Dataset;
import org.bedkd.data.Splits;
import org.bedkd.defense.Objectives;
import org.bedkd.metrics.Metrics;
import org.bedkd.model.TextClassifier;
import org.bedkd.train.Phase;
import org.bedkd.train.TrainListener;
import org.bedkd.train.TrainLoop;
import org.bedkd.train.TrainResult;
import org.bedkd.train.TrainSettings;
import org.bedkd.train.TrainSpeed;
import org.bedkd.train.TrainingSet;
import org.bedkd.train.loss.TrainingLoss;

/** Trains a DMM from a suspect model and a few clean samples. */
public final class DirectionalMappingTrainer {

    /**
     * The share of its flipped labels a DMM trained on them alone (α = 1) must reproduce before MEPD reads it. Most
     * DMMs get there within N_m epochs (103 of 136 stored runs at 90–99 %); a few stall at 54–74 % on a confident
     * suspect model, and their MEPD is compressed toward the median: on SST-2 SynBkd 10 %, seed 44, a 68.8 % DMM had γ
     * fitted at the clean median and flagged 58 % of the set (results/AKD.md).
     */
    static final double MAPPED = 0.9;

    private DirectionalMappingTrainer() {
    }

    /**
     * What the DMM training produced.
     *
     * @param dmm the trained module (caller closes it)
     * @param training loop summary of the first N_m epochs
     * @param flippedAccuracy share of the DMM's training samples it now assigns to the flipped label; low values mean
     *     the soft terms dominate and the DMM only softens clean confidences (see docs/METHOD.md), which still
     *     separates clean from poisoned samples
     * @param samples how many clean samples were used
     * @param epochs epochs trained: N_m, or up to 2·N_m when the flip had not held ({@link #MAPPED})
     */
    public record DmmResult(TextClassifier dmm, TrainResult training, double flippedAccuracy, int samples,
            int epochs) {
    }

    /**
     * @param suspect the poisoned model (frozen teacher; not modified)
     * @param fewClean clean samples; {@code config.samplesPerClass()} per class are drawn from it with {@code seed}
     *     (all of a class when it has fewer)
     * @param speed our training speed-ups (all on unless a benchmark measures one)
     */
    public static DmmResult train(TextClassifier suspect, Dataset fewClean, DmmConfig config, TrainSpeed speed,
            long seed, TrainListener listener) {
        long smallestClass = java.util.stream.IntStream.range(0, fewClean.schema().size())
                .mapToLong(c -> fewClean.labelCounts().getOrDefault(c, 0L)).min().orElse(0);
        if (smallestClass == 0) {
            throw new IllegalArgumentException("the DMM needs clean samples of every class; " + fewClean.name()
                    + " has " + fewClean.labelCounts());
        }
        int perClass = (int) Math.min(config.samplesPerClass(), smallestClass);
        Dataset chosen = Splits.fewShot(fewClean, perClass, seed, "dmm-clean").first();
        int classes = suspect.schema().size();
        TextClassifier dmm = suspect.copy(suspect.name() + "-dmm");
        try {
            TrainingLoss loss = Objectives.dmm(config.alpha(), config.temperature());
            TrainingSet flipped = TrainingSet.relabelled(dmm, chosen, s -> LabelFlip.flip(s.label(), classes))
                    .withTeacherFor(loss, suspect, config.batchSize(), speed);
            TrainSettings settings = speed.settings(config.epochs(), seed).withLearningRate(config.learningRate());
            List<Phase> phases = List.of(new Phase("dmm", flipped, loss, config.batchSize()));
            TrainResult result = TrainLoop.fit(dmm, settings, phases, listener);
            double accuracy = flippedAccuracy(dmm, flipped);
            int epochs = result.epochs().size();
            if (config.alpha() == 1f && accuracy < MAPPED) {
                // With soft terms (α < 1) a low flip is by design; on the flipped labels alone it means the DMM has not
                // learnt its mapping yet. Train on, up to N_m more epochs, until it holds (a fresh optimiser state and
                // dropout seed: the first run's planned epochs are done).
                double[] reached = {accuracy};
                TrainListener untilMapped = new TrainListener() {
                    @Override
                    public boolean onEpochEnd(TrainListener.EpochEvent e) {
                        reached[0] = flippedAccuracy(dmm, flipped);
                        return reached[0] < MAPPED;
                    }
                };
                TrainResult more = TrainLoop.fit(dmm, settings.withSeed(seed + 1), phases,
                        listener.andThen(untilMapped));
                epochs += more.epochs().size();
                accuracy = reached[0];
            }
            return new DmmResult(dmm, result, accuracy, chosen.size(), epochs);
        } catch (RuntimeException e) {
            dmm.close();
            throw e;
        }
    }

    /** The share of the DMM's training samples it assigns to their flipped label. */
    private static double flippedAccuracy(TextClassifier dmm, TrainingSet flipped) {
        int[] predicted = TextClassifier.argmax(dmm.probabilities(flipped.tokens(), 64));
        return Metrics.accuracy(predicted, flipped.labels()) / 100;
    }
}
