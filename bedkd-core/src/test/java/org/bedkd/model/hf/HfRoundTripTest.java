package org.bedkd.model.hf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bedkd.data.LabelSchema;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.ClassifierConfig;
import org.bedkd.model.EncoderConfig;
import org.bedkd.model.PretrainedMiniLm;
import org.bedkd.model.Tensor;
import org.bedkd.model.TextClassifier;
import org.bedkd.model.TextTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Import → export → import is the identity, through our checkpoint format too; the export is transformers' layout. */
class HfRoundTripTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"bert", "roberta", "distilbert"})
    void importExportImportIsBitIdentical(String arch) throws Exception {
        Path source = HfParityTest.fixture(arch);
        try (TextClassifier first = HfImport.load(source, 24)) {
            // Through our own checkpoint (what a purified model is stored as), then out as a HF directory.
            Checkpoints.save(first, tmp.resolve("ckpt"), Map.of());
            try (TextClassifier stored = Checkpoints.load(tmp.resolve("ckpt"))) {
                var files = HfExport.write(stored, tmp.resolve("hf"));
                assertThat(files).containsKeys("config.json", "model.safetensors", "tokenizer.json",
                        "tokenizer_config.json");
            }
            // The suspect's own config and tokenizer files, byte for byte: the same model to transformers.
            for (String f : List.of("config.json", "tokenizer.json", "tokenizer_config.json")) {
                assertThat(tmp.resolve("hf").resolve(f)).as(f).hasSameBinaryContentAs(source.resolve(f));
            }
            // The same tensor names, shapes and values as save_pretrained wrote.
            Map<String, Tensor> original = SafeTensors.read(source.resolve("model.safetensors")).tensors();
            Map<String, Tensor> exported = SafeTensors.read(tmp.resolve("hf/model.safetensors")).tensors();
            assertThat(exported.keySet()).containsExactlyInAnyOrderElementsOf(original.keySet());
            original.forEach((name, t) -> {
                assertThat(exported.get(name).shape()).as(name).containsExactly(t.shape());
                assertThat(java.util.Arrays.equals(exported.get(name).data(), t.data())).as(name).isTrue();
            });
            try (TextClassifier again = HfImport.load(tmp.resolve("hf"), 24)) {
                assertThat(again.config()).isEqualTo(first.config());
                assertThat(again.schema().labels()).isEqualTo(first.schema().labels());
            }
        }
    }

    @Test
    void theSentenceLayoutRoundTripsThroughItsOwnConfig() throws Exception {
        // Our victims' layout (mean pooling + linear head), on the real MiniLM tokenizer with a small random encoder.
        ClassifierConfig config = ClassifierConfig.miniLm(2, 32).withEncoder(EncoderConfig.miniLmL6().with(e -> e
                .hiddenSize(32).layers(1).heads(4).intermediateSize(64).maxPositions(64)));
        try (TextClassifier ours = TextClassifier.create("victim", config,
                TextTokenizer.fromJson(PretrainedMiniLm.tokenizerJson(), 32), LabelSchema.SST2)) {
            HfExport.write(ours, tmp.resolve("hf"));
            var hfConfig = HfConfig.JSON.readTree(tmp.resolve("hf/config.json").toFile());
            assertThat(hfConfig.get("architectures").get(0).asText()).isEqualTo("BertModel");
            assertThat(hfConfig.get("bedkd_sentence_head").get("pooling").asText()).isEqualTo("mean");
            assertThat(hfConfig.get("id2label").get("1").asText()).isEqualTo("positive");
            try (TextClassifier back = ModelFormats.load(tmp.resolve("hf"), 32)) {
                assertThat(back.config()).isEqualTo(config);
                List<String> texts = List.of("a fine film", "dull and long");
                assertThat(back.probabilities(texts, 2)).isDeepEqualTo(ours.probabilities(texts, 2));
                Map<String, Tensor> a = ours.stateDict();
                Map<String, Tensor> b = back.stateDict();
                assertThat(b.keySet()).isEqualTo(a.keySet());
                // Arrays.equals: AssertJ's containsExactly diffs quadratically (the embedding has a million values).
                a.forEach((name, t) -> assertThat(java.util.Arrays.equals(b.get(name).data(), t.data())).as(name)
                        .isTrue());
            }
        }
    }

    @Test
    void bothLayoutsAreDetectedAndHashed() throws Exception {
        Path hf = HfParityTest.fixture("bert");
        assertThat(ModelFormats.detect(hf)).isEqualTo(ModelFormats.Format.HUGGING_FACE);
        try (TextClassifier m = ModelFormats.load(hf)) {
            Checkpoints.save(m, tmp.resolve("ckpt"), Map.of());
        }
        assertThat(ModelFormats.detect(tmp.resolve("ckpt"))).isEqualTo(ModelFormats.Format.BEDKD_CHECKPOINT);
        assertThat(ModelFormats.contentHash(hf)).hasSize(64).isEqualTo(ModelFormats.contentHash(hf));
        Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(tmp.resolve("empty/readme.txt"), "hi");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelFormats.load(tmp.resolve("empty")))
                .hasMessageContaining("neither a bedkd checkpoint").hasMessageContaining("readme.txt");
    }
}
