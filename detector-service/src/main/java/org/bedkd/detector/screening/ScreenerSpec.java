package org.bedkd.detector.screening;

import org.bedkd.contracts.ArtifactRef;

/**
 * A registered (suspect model, DMM) pair used to screen streamed samples.
 *
 * @param id screener id (reported in every verdict)
 * @param suspectModel the model whose training data is screened
 * @param dmm its Directional Mapping Module
 * @param schema label schema
 * @param gamma MEPD below this → quarantine
 */
public record ScreenerSpec(String id, ArtifactRef suspectModel, ArtifactRef dmm, String schema, float gamma) {
}
