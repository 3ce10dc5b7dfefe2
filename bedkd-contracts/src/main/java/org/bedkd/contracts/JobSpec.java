package org.bedkd.contracts;

import java.util.Map;

/**
 * What a purification job is asked to do.
 *
 * @param suspectModel the suspect model checkpoint
 * @param train the suspect training set D* (may be poisoned; a poison-flag column, if present, is used only for FAR/FRR)
 * @param clean clean samples the defender holds (D_c^few and the validation split are drawn from them)
 * @param testClean optional clean test set (CACC before → after)
 * @param testTriggered optional triggered test set (ASR before → after)
 * @param schema label schema: {@code sst2}, {@code olid} or {@code agnews}
 * @param target the attacker's target label when known (needed for ASR), else {@code null}
 * @param profile settings bundle: {@code quick} or {@code paper}
 * @param seed master seed
 * @param overrides named setting overrides (e.g. {@code gamma}, {@code akdEpochs}, {@code punish}, {@code trainRows})
 */
public record JobSpec(ArtifactRef suspectModel, ArtifactRef train, ArtifactRef clean, ArtifactRef testClean,
        ArtifactRef testTriggered, String schema, Integer target, String profile, long seed,
        Map<String, String> overrides) {

    public JobSpec {
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }
}
