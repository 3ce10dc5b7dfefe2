package org.bedkd.pipeline;

import java.util.List;
import org.bedkd.data.Dataset;
import org.bedkd.defense.Objectives;
import org.bedkd.model.DjlRuntime;
import org.bedkd.model.Precision;
import org.bedkd.model.TextClassifier;
import org.bedkd.train.Phase;
import org.bedkd.train.TrainLoop;
import org.bedkd.train.TrainSettings;
import org.bedkd.train.TrainingSet;

/** Trains a victim classifier from pretrained MiniLM on a (poisoned) training set with plain cross-entropy. */
public final class VictimTrainer {

    private VictimTrainer() {
    }

    public static TextClassifier train(Dataset train, VictimConfig config, long seed, Progress progress) {
        return train(train, config, seed, DjlRuntime.precision(), progress);
    }

    /** As above, computing in {@code precision}. */
    public static TextClassifier train(Dataset train, VictimConfig config, long seed, Precision precision,
            Progress progress) {
        progress.stage("victim", "training on " + train.size() + " samples (" + train.poisonedCount() + " poisoned), "
                + config.epochs() + " epochs");
        return train(train, config, seed, precision, progress, "victim");
    }

    /**
     * As above, reporting progress under {@code stage}: the same recipe trains the detection's clean reader
     * ({@link org.bedkd.defense.mepd.CleanReader}).
     */
    public static TextClassifier train(Dataset train, VictimConfig config, long seed, Precision precision,
            Progress progress, String stage) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("cannot train a " + stage + " on an empty set");
        }
        DjlRuntime.seed(seed); // the classification head is initialised at random
        TextClassifier victim = TextClassifier.fromPretrained(config.model().pretrained(), stage, train.schema(),
                config.model().classifierConfig(train.schema().size()));
        victim.setPrecision(precision);
        try {
            TrainSettings settings = TrainSettings.defaults(config.epochs(), seed).withLearningRate(config.learningRate());
            TrainLoop.fit(victim, settings, List.of(new Phase(stage, TrainingSet.of(victim, train),
                    Objectives.crossEntropy(), config.batchSize())), progress.listener(stage));
            return victim;
        } catch (RuntimeException e) {
            victim.close();
            throw e;
        }
    }
}
