package org.bedkd.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bedkd.TestModels;
import org.bedkd.data.LabelSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsPredictionsConfigAndMetadata() {
        List<String> texts = List.of("a good movie", "a bad movie with cf", "what a film");
        try (TextClassifier model = TestModels.miniLm(1, 24, LabelSchema.SST2, 11)) {
            float[][] before = model.probabilities(texts, 8);
            Checkpoints.Manifest m = Checkpoints.save(model, dir.resolve("ckpt"), Map.of("stage", "victim"));
            assertThat(m.files()).containsKeys(Checkpoints.WEIGHTS, Checkpoints.TOKENIZER);
            try (TextClassifier loaded = Checkpoints.load(dir.resolve("ckpt"))) {
                assertThat(loaded.config()).isEqualTo(model.config());
                assertThat(loaded.schema()).isEqualTo(LabelSchema.SST2);
                float[][] after = loaded.probabilities(texts, 8);
                for (int i = 0; i < texts.size(); i++) {
                    assertThat(after[i]).containsExactly(before[i], org.assertj.core.data.Offset.offset(1e-6f));
                }
            }
            assertThat(Checkpoints.readManifest(dir.resolve("ckpt")).metadata()).containsEntry("stage", "victim");
            assertThat(Checkpoints.contentHash(dir.resolve("ckpt"))).hasSize(64);
        }
    }

    @Test
    void copiesAreIndependent() {
        try (TextClassifier model = TestModels.miniLm(1, 16, LabelSchema.SST2, 12);
                TextClassifier copy = model.copy("copy")) {
            float[][] p = model.probabilities(List.of("fine"), 1);
            copy.block().getParameters().get(0).getValue().getArray().muli(0);
            assertThat(model.probabilities(List.of("fine"), 1)[0]).containsExactly(p[0]);
        }
    }

    @Test
    void corruptMissingAndMismatchedCheckpointsFailClearly() throws Exception {
        assertThatThrownBy(() -> Checkpoints.load(dir.resolve("absent"))).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("not a directory");
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> Checkpoints.load(dir.resolve("empty"))).hasMessageContaining("no manifest.json");
        try (TextClassifier model = TestModels.miniLm(1, 16, LabelSchema.SST2, 13)) {
            Path ok = dir.resolve("ok");
            Checkpoints.save(model, ok, Map.of());
            assertThatThrownBy(() -> Checkpoints.save(model, ok, Map.of())).hasMessageContaining("not empty");

            Path corrupt = dir.resolve("corrupt");
            Checkpoints.save(model, corrupt, Map.of());
            byte[] w = Files.readAllBytes(corrupt.resolve(Checkpoints.WEIGHTS));
            w[w.length / 2] ^= 0x55;
            Files.write(corrupt.resolve(Checkpoints.WEIGHTS), w);
            assertThatThrownBy(() -> Checkpoints.load(corrupt)).isInstanceOf(CheckpointException.class)
                    .hasMessageContaining("corrupt").hasMessageContaining("sha256 of weights.params");

            Path mismatched = dir.resolve("mismatched");
            Checkpoints.save(model, mismatched, Map.of());
            String manifest = Files.readString(mismatched.resolve(Checkpoints.MANIFEST));
            Files.writeString(mismatched.resolve(Checkpoints.MANIFEST), manifest.replace("\"layers\" : 1", "\"layers\" : 2"));
            assertThatThrownBy(() -> Checkpoints.load(mismatched)).isInstanceOf(CheckpointException.class)
                    .hasMessageContaining("do not fit its configuration");

            Path garbage = dir.resolve("garbage");
            Checkpoints.save(model, garbage, Map.of());
            Files.writeString(garbage.resolve(Checkpoints.MANIFEST), "{not json");
            assertThatThrownBy(() -> Checkpoints.load(garbage)).hasMessageContaining("corrupt manifest");

            // A header that asks for absurd sizes is refused before anything is allocated (2^31-1 words of 384
            // floats would be 3 TB).
            Path huge = dir.resolve("huge");
            Checkpoints.save(model, huge, Map.of());
            String m = Files.readString(huge.resolve(Checkpoints.MANIFEST));
            Files.writeString(huge.resolve(Checkpoints.MANIFEST), m.replaceFirst("\"vocabSize\" : \\d+",
                    "\"vocabSize\" : 2147483647"));
            assertThatThrownBy(() -> Checkpoints.readManifest(huge)).isInstanceOf(CheckpointException.class)
                    .hasMessageContaining("corrupt manifest").hasMessageContaining("exceed the limits");
            Files.writeString(huge.resolve(Checkpoints.MANIFEST), m.replaceFirst("\"layers\" : \\d+",
                    "\"layers\" : 90").replaceFirst("\"intermediateSize\" : \\d+", "\"intermediateSize\" : 30000")
                    .replaceFirst("\"hiddenSize\" : \\d+", "\"hiddenSize\" : 8192")
                    .replaceFirst("\"heads\" : \\d+", "\"heads\" : 64"));
            assertThatThrownBy(() -> Checkpoints.readManifest(huge))
                    .hasMessageContaining("parameters exceeds the limit");
        }
    }
}
