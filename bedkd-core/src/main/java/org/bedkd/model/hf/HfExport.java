package org.bedkd.model.hf;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bedkd.model.CheckpointException;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.ModelLayout;
import org.bedkd.model.TextClassifier;

/**
 * Writes a classifier as a Hugging Face directory that {@code AutoModelForSequenceClassification.from_pretrained}
 * and {@code AutoTokenizer.from_pretrained} load with no code of ours: the suspect model's own {@code config.json}
 * and tokenizer files when it was imported (so the purified model is the same architecture and config), otherwise a
 * config in the family's transformers terms; {@code model.safetensors} with every weight in float32.
 *
 * <p>The sentence layout (our MiniLM victims: mean pooling + linear head) has no transformers class; it is written as
 * a {@code BertModel} config plus a {@code bedkd_sentence_head} entry and the head's tensors, which
 * {@link HfImport} reads back and the README shows how to apply in PyTorch.
 */
public final class HfExport {

    private HfExport() {
    }

    /**
     * Writes {@code model} into {@code dir} (created; must be absent or empty).
     *
     * @return each written file's sha256 and size, by name
     */
    public static Map<String, Checkpoints.FileEntry> write(TextClassifier model, Path dir) {
        try {
            Files.createDirectories(dir);
            try (var existing = Files.list(dir)) {
                if (existing.findAny().isPresent()) {
                    throw new CheckpointException("export directory is not empty: " + dir);
                }
            }
            Map<String, byte[]> side = model.hfFiles();
            Files.write(dir.resolve(HfImport.CONFIG), side.containsKey(HfImport.CONFIG) ? side.get(HfImport.CONFIG)
                    : pretty(HfConfig.synthesize(model.config(), model.schema().labels())));
            SafeTensors.write(dir.resolve(HfImport.WEIGHTS), model.stateDict(), Map.of("format", "pt"));
            Files.write(dir.resolve(HfImport.TOKENIZER), model.tokenizer().json());
            if (side.containsKey("tokenizer_config.json")) {
                for (String f : HfImport.SIDE_FILES) {
                    if (!f.equals(HfImport.CONFIG) && side.containsKey(f)) {
                        Files.write(dir.resolve(f), side.get(f));
                    }
                }
            } else {
                Files.write(dir.resolve("tokenizer_config.json"), pretty(tokenizerConfig(model)));
            }
            Map<String, Checkpoints.FileEntry> files = new LinkedHashMap<>();
            try (var written = Files.list(dir)) {
                for (Path f : written.sorted().toList()) {
                    files.put(f.getFileName().toString(), Checkpoints.entry(f));
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export to " + dir, e);
        }
    }

    /** A fast-tokenizer config: transformers loads tokenizer.json and needs only the special tokens' names. */
    private static ObjectNode tokenizerConfig(TextClassifier model) {
        ObjectNode t = HfConfig.JSON.createObjectNode();
        t.put("tokenizer_class", "PreTrainedTokenizerFast");
        t.put("model_max_length", model.config().maxSequenceLength());
        if (model.config().layout().family() == ModelLayout.Family.ROBERTA) {
            t.put("bos_token", "<s>").put("eos_token", "</s>").put("cls_token", "<s>").put("sep_token", "</s>")
                    .put("pad_token", "<pad>").put("unk_token", "<unk>").put("mask_token", "<mask>");
        } else {
            t.put("cls_token", "[CLS]").put("sep_token", "[SEP]").put("pad_token", "[PAD]").put("unk_token", "[UNK]")
                    .put("mask_token", "[MASK]");
        }
        return t;
    }

    private static byte[] pretty(ObjectNode node) throws IOException {
        return HfConfig.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(node);
    }
}
