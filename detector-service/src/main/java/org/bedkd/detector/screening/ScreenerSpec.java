package org.bedkd.detector.screening;

import java.util.List;
import org.bedkd.contracts.ArtifactRef;
import org.bedkd.data.LabelSchema;

/**
 * A registered (suspect model, DMM) pair used to screen streamed samples.
 *
 * @param id screener id (reported in every verdict)
 * @param suspectModel the model whose training data is screened
 * @param dmm its Directional Mapping Module
 * @param schema label schema ({@code sst2}, {@code olid}, {@code agnews}), or the name of the model's own classes
 * @param gamma MEPD below this → quarantine
 * @param labels the model's class names when the job took them from its id2label; {@code null} for a named schema
 * @param filter an inference-time filter applied beside MEPD ({@code imbert}, {@code onion}, {@code strip}), or
 *     {@code null}
 * @param filterJob the job whose clean split the filter is fitted on (every replica fits the same, seeded)
 */
public record ScreenerSpec(String id, ArtifactRef suspectModel, ArtifactRef dmm, String schema, float gamma,
        List<String> labels, String filter, String filterJob) {

    /** MEPD alone. */
    public ScreenerSpec(String id, ArtifactRef suspectModel, ArtifactRef dmm, String schema, float gamma,
            List<String> labels) {
        this(id, suspectModel, dmm, schema, gamma, labels, null, null);
    }

    /** The classes screened into. */
    public LabelSchema labelSchema() {
        return LabelSchema.of(schema, labels);
    }
}
