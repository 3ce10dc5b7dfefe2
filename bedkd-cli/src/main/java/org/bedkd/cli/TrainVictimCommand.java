package org.bedkd.cli;

import java.nio.file.Path;
import java.util.Map;
import org.bedkd.data.Dataset;
import org.bedkd.data.Splits;
import org.bedkd.data.TaskData;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.TextClassifier;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.pipeline.VictimTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Trains the suspect model the way a user of poisoned data would. */
@Command(name = "train-victim", mixinStandardHelpOptions = true,
        description = "Train a classifier (pretrained MiniLM + head) on a possibly poisoned training set; save a checkpoint.")
public final class TrainVictimCommand extends DataCommand {

    @Option(names = "--out", required = true, description = "Checkpoint directory to create.")
    Path out;

    @Override
    public Integer call() {
        runtime.apply();
        TaskData cell = data.resolve();
        ExperimentConfig config = config();
        Dataset train = config.trainRows() > 0 ? Splits.sample(cell.train(), config.trainRows(), config.seed(), "train")
                : cell.train();
        try (TextClassifier victim = VictimTrainer.train(train, config.victim(), config.seed(),
                new ConsoleProgress(System.err))) {
            Checkpoints.save(victim, out, Map.of("stage", "victim", "data", cell.name(), "trainRows",
                    String.valueOf(train.size()), "seed", String.valueOf(config.seed())));
        }
        System.out.println("checkpoint: " + out.toAbsolutePath());
        return 0;
    }
}
