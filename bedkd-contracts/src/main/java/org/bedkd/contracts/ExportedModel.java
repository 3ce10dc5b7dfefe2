package org.bedkd.contracts;

import java.util.Map;

/**
 * A purified model written in an interchange format next to its checkpoint.
 *
 * @param format {@code huggingface}: a {@code save_pretrained} directory that
 *     {@code AutoModelForSequenceClassification.from_pretrained} loads
 * @param architecture the transformers class in its config.json (e.g. {@code BertForSequenceClassification})
 * @param directory the stored directory
 * @param files sha256 of every file in it, by name
 */
public record ExportedModel(String format, String architecture, ArtifactRef directory, Map<String, String> files) {

    public ExportedModel {
        files = files == null ? Map.of() : Map.copyOf(files);
    }
}
