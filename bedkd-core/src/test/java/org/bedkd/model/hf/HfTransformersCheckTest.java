package org.bedkd.model.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bedkd.data.LabelSchema;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.TextClassifier;
import org.bedkd.pipeline.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our exports, loaded by transformers itself ({@code src/test/python/hf_logits.py}) with no code of ours, give the
 * logits and token ids the Java model gives. Needs a Python with torch and transformers: {@code .ci/run} installs
 * one offline and sets {@code BEDKD_PYREF} to it; without it these tests are skipped, saying so.
 */
class HfTransformersCheckTest {

    private static final List<String> SENTENCES = List.of("a gripping , funny and moving film .",
            "the plot is thin and the acting is worse .", "Unbelievably, the sequel's pacing works — mostly!");

    @TempDir
    Path tmp;

    private static String pyref() {
        String dir = System.getenv("BEDKD_PYREF");
        assumeTrue(dir != null && !dir.isBlank() && Files.isDirectory(Path.of(dir, "transformers")), "BEDKD_PYREF is not set to a directory with torch"
                + " and transformers (.ci/run installs one); skipping the transformers cross-check");
        return dir;
    }

    private JsonNode transformersLogits(Path model, int maxLength) throws Exception {
        Path sentences = tmp.resolve("sentences.json");
        HfConfig.JSON.writeValue(sentences.toFile(), SENTENCES);
        Path script = Path.of("src/test/python/hf_logits.py").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), model.toString(), sentences.toString(),
                String.valueOf(maxLength)).redirectError(tmp.resolve("python.err").toFile());
        pb.environment().put("PYTHONPATH", pyref());
        pb.environment().put("HF_HUB_OFFLINE", "1");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("python.err"))).isZero();
        String text = new String(out, StandardCharsets.UTF_8).strip();
        return HfConfig.JSON.readTree(text.substring(text.lastIndexOf('\n') + 1));
    }

    private void assertSameAsTransformers(TextClassifier model, Path exported) throws Exception {
        JsonNode ref = transformersLogits(exported, model.config().maxSequenceLength());
        HfParityTest.assertSameIdsAndLogits(model, SENTENCES, ref,
                "transformers check (" + exported.getFileName() + ")");
    }

    @Test
    void ourMiniLmVictimLayoutExportsToWhatTransformersComputes() throws Exception {
        pyref();
        // The real pretrained MiniLM encoder (2 of its layers) and a fresh head: the layout train-victim makes.
        try (TextClassifier victim = TextClassifier.fromPretrainedMiniLm("victim", LabelSchema.SST2,
                new ModelSpec(2, 48).classifierConfig(2))) {
            HfExport.write(victim, tmp.resolve("hf"));
            assertSameAsTransformers(victim, tmp.resolve("hf"));
        }
    }

    @Test
    void importedModelsExportToWhatTransformersComputes() throws Exception {
        pyref();
        for (String arch : List.of("bert", "roberta", "distilbert")) {
            try (TextClassifier m = HfImport.load(HfParityTest.fixture(arch), 24)) {
                // Through our checkpoint (how a purified model is stored), then our safetensors writer.
                Checkpoints.save(m, tmp.resolve(arch + "-ckpt"), Map.of());
                try (TextClassifier stored = Checkpoints.load(tmp.resolve(arch + "-ckpt"))) {
                    HfExport.write(stored, tmp.resolve(arch + "-hf"));
                    assertSameAsTransformers(stored, tmp.resolve(arch + "-hf"));
                }
            }
        }
    }
}
