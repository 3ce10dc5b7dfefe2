package org.bedkd.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What a stage ran with, handed to the next so both provably work on the same thing: the effective configuration
 * (profile + overrides + seed, every field) and a digest of each defender-side split. The next stage resolves the job
 * itself and refuses when either differs (two service versions that split or default differently), instead of
 * silently purifying with other data than the detector flagged on.
 *
 * @param config the resolved configuration, as the core's {@code ExperimentConfig} serialises
 * @param splits split name ({@code train}, {@code fewClean}, {@code validation}) → its rows and their digest
 * @param splitIds the row ids of each split, in order ({@code splits.json}; for audits)
 */
public record ResolvedJob(JsonNode config, Map<String, SplitDigest> splits, ArtifactRef splitIds) {

    public ResolvedJob {
        splits = splits == null ? Map.of() : Map.copyOf(splits);
    }

    /**
     * @param rows rows in the split
     * @param sha256 SHA-256 of the split's {@code id<TAB>label} lines, in order
     */
    public record SplitDigest(int rows, String sha256) {
    }
}
