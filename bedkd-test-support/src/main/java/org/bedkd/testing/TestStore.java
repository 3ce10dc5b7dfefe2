package org.bedkd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bedkd.contracts.ArtifactRef;
import org.bedkd.contracts.JobSpec;
import org.bedkd.data.Dataset;
import org.bedkd.data.DatasetWriter;
import org.bedkd.data.Splits;
import org.bedkd.data.TaskData;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.DjlRuntime;
import org.bedkd.model.TextClassifier;
import org.bedkd.pipeline.ModelSpec;
import org.bedkd.pipeline.Progress;
import org.bedkd.pipeline.TaskCatalog;
import org.bedkd.pipeline.VictimConfig;
import org.bedkd.pipeline.VictimTrainer;
import org.bedkd.store.ArtifactStore;
import org.bedkd.store.FileArtifactStore;
import org.bedkd.store.StoredArtifact;

/**
 * An artifact store prepared for service tests: a small real victim (1-layer MiniLM trained on 300 rows of the
 * embedded SST-2 BadWords slice) and CSV slices of that data, all referenced with their sha256.
 */
public final class TestStore {

    /** Overrides that make a job take seconds with the prepared data (same code paths, small sizes). */
    public static final Map<String, String> FAST = Map.of("trainRows", "300", "cleanPerClass", "20",
            "validationRows", "60", "dmmPerClass", "10", "dmmEpochs", "2", "akdEpochs", "2", "testRows", "100",
            "patience", "0");

    /**
     * References to what was stored.
     *
     * @param root the store root
     */
    public record Prepared(Path root, ArtifactRef victim, ArtifactRef train, ArtifactRef clean, ArtifactRef testClean,
            ArtifactRef testTriggered) {

        /** A job over the prepared artifacts. */
        public JobSpec spec(Map<String, String> overrides) {
            return JobSpec.builder().suspectModel(victim).train(train).clean(clean).testClean(testClean)
                    .testTriggered(testTriggered).schema("sst2").target(1).seed(7).overrides(overrides).build();
        }
    }

    private TestStore() {
    }

    public static Prepared prepare(Path root) {
        FileArtifactStore store = new FileArtifactStore(root);
        TaskData demo = TaskCatalog.demo();
        Dataset train = Splits.sample(demo.train(), 300, 1, "train");
        ArtifactRef trainRef = ref(store.putBytes("data/train.csv", DatasetWriter.csv(train)));
        ArtifactRef cleanRef = ref(store.putBytes("data/clean.csv", DatasetWriter.csv(demo.cleanPool())));
        ArtifactRef testClean = ref(store.putBytes("data/test-clean.csv",
                DatasetWriter.csv(Splits.sample(demo.testClean(), 120, 1, "t"))));
        ArtifactRef testTriggered = ref(store.putBytes("data/test-triggered.csv",
                DatasetWriter.csv(Splits.sample(demo.testTriggered(), 120, 1, "t"))));
        StoredArtifact victim = store.putDirectory("models/victim", dir -> {
            DjlRuntime.configure();
            try (TextClassifier v = VictimTrainer.train(train, new VictimConfig(new ModelSpec(1, 32), 2, 1e-4f, 32), 1,
                    Progress.NONE)) {
                Checkpoints.save(v, dir, Map.of("stage", "victim", "purpose", "service tests"));
            }
        });
        return new Prepared(store.root(), ref(victim), trainRef, cleanRef, testClean, testTriggered);
    }

    /** A fresh temporary store root. */
    public static Path tempRoot() {
        try {
            return Files.createTempDirectory("bedkd-store-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ArtifactRef ref(StoredArtifact a) {
        return new ArtifactRef(a.uri(), a.sha256(), a.bytes());
    }
}
