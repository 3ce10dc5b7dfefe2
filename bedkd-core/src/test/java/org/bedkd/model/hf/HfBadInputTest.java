package org.bedkd.model.hf;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.bedkd.model.CheckpointException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken or mismatched Hugging Face directories fail with a message naming the file and the tensor or option. */
class HfBadInputTest {

    @TempDir
    Path tmp;

    private Path copy(String arch) throws Exception {
        Path dir = tmp.resolve(arch);
        Files.createDirectories(dir);
        try (var files = Files.list(HfParityTest.fixture(arch))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    private static void editConfig(Path dir, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode c = (ObjectNode) HfConfig.JSON.readTree(dir.resolve("config.json").toFile());
        edit.accept(c);
        HfConfig.JSON.writeValue(dir.resolve("config.json").toFile(), c);
    }

    @Test
    void aTruncatedSafetensorsFileIsRefused() throws Exception {
        Path dir = copy("bert");
        byte[] all = Files.readAllBytes(dir.resolve("model.safetensors"));
        Files.write(dir.resolve("model.safetensors"), java.util.Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> HfImport.load(dir, 24)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("truncated");
        Files.write(dir.resolve("model.safetensors"), java.util.Arrays.copyOf(all, 5));
        assertThatThrownBy(() -> HfImport.load(dir, 24)).hasMessageContaining("shorter than the 8-byte header");
    }

    @Test
    void aHeaderThatLiesAboutOffsetsIsRefused() throws Exception {
        Path dir = copy("bert");
        Path file = dir.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(file);
        int n = (int) ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(all, 8, n, StandardCharsets.UTF_8);
        ObjectNode h = (ObjectNode) HfConfig.JSON.readTree(header);
        // Point the classifier's bias at the word embeddings' bytes: overlapping ranges.
        ((ObjectNode) h.get("classifier.bias")).putArray("data_offsets").add(0).add(12);
        byte[] lie = HfConfig.JSON.writeValueAsBytes(h);
        ByteBuffer out = ByteBuffer.allocate(8 + lie.length + all.length - 8 - n).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(lie.length).put(lie).put(all, 8 + n, all.length - 8 - n);
        Files.write(file, out.array());
        assertThatThrownBy(() -> HfImport.load(dir, 24)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("overlapping or non-contiguous");
    }

    @Test
    void aTensorOfTheWrongShapeForTheConfigIsRefused() throws Exception {
        Path dir = copy("bert");
        editConfig(dir, c -> c.put("intermediate_size", 48));
        assertThatThrownBy(() -> HfImport.load(dir, 24)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("'bert.encoder.layer.0.intermediate.dense.weight' has shape [64, 32]")
                .hasMessageContaining("[48, 32]");
    }

    @Test
    void tensorsTheArchitectureDoesNotUseAreRefused() throws Exception {
        Path dir = copy("roberta");
        editConfig(dir, c -> c.put("num_hidden_layers", 1));
        assertThatThrownBy(() -> HfImport.load(dir, 24)).hasMessageContaining("does not use")
                .hasMessageContaining("roberta.encoder.layer.1.");
    }

    @Test
    void aTokenizerWhoseVocabularyExceedsTheConfigIsRefused() throws Exception {
        Path dir = copy("distilbert");
        editConfig(dir, c -> c.put("vocab_size", 100));
        assertThatThrownBy(() -> HfImport.load(dir, 24)).hasMessageContaining("tokenizer.json can emit token id")
                .hasMessageContaining("vocab_size 100");
    }

    @Test
    void unknownArchitecturesAndOptionsAreNamed() throws Exception {
        Path dir = copy("bert");
        editConfig(dir, c -> c.putArray("architectures").add("GPT2ForSequenceClassification"));
        assertThatThrownBy(() -> HfImport.load(dir, 24)).hasMessageContaining("config.json")
                .hasMessageContaining("architecture 'GPT2ForSequenceClassification' is not supported");
        editConfig(dir, c -> {
            c.putArray("architectures").add("BertForSequenceClassification");
            c.put("hidden_act", "silu");
        });
        assertThatThrownBy(() -> HfImport.load(dir, 24)).hasMessageContaining("unsupported activation 'silu'");
        editConfig(dir, c -> {
            c.put("hidden_act", "gelu");
            c.put("position_embedding_type", "relative_key");
        });
        assertThatThrownBy(() -> HfImport.load(dir, 24)).hasMessageContaining("relative_key");
        editConfig(dir, c -> {
            c.put("position_embedding_type", "absolute");
            c.put("problem_type", "multi_label_classification");
        });
        assertThatThrownBy(() -> HfImport.load(dir, 24)).hasMessageContaining("multi_label_classification");
    }

    @Test
    void pickledWeightsAreRefused() throws Exception {
        Path dir = copy("bert");
        Files.delete(dir.resolve("model.safetensors"));
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {0x50, 0x4b});
        assertThatThrownBy(() -> ModelFormats.load(dir)).hasMessageContaining("pytorch_model.bin")
                .hasMessageContaining("safe_serialization=True");
    }
}
