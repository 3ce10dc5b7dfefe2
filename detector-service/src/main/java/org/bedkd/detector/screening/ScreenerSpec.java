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
 * @param gammaLabel {@code gamma} cuts only the records of this label (their own, or, unlabelled, the suspect model's
 *     answer), as the job's detection fitted it within that label's rows; {@code null}: every record
 */
public record ScreenerSpec(String id, ArtifactRef suspectModel, ArtifactRef dmm, String schema, float gamma,
        List<String> labels, String filter, String filterJob, Integer gammaLabel) {

    public ScreenerSpec(String id, ArtifactRef suspectModel, ArtifactRef dmm, String schema, float gamma,
            List<String> labels, String filter, String filterJob) {
        this(id, suspectModel, dmm, schema, gamma, labels, filter, filterJob, null);
    }

    /** MEPD alone. */
    public ScreenerSpec(String id, ArtifactRef suspectModel, ArtifactRef dmm, String schema, float gamma,
            List<String> labels) {
        this(id, suspectModel, dmm, schema, gamma, labels, null, null, null);
    }

    /** Whether a record's MEPD falls under γ as this screener applies it ({@code label}: the record's, or the answer). */
    public boolean underGamma(float mepd, int label) {
        return mepd < gamma && (gammaLabel == null || gammaLabel == label);
    }

    /** The classes screened into. */
    public LabelSchema labelSchema() {
        return LabelSchema.of(schema, labels);
    }
}
