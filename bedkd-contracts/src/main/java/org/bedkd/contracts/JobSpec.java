package org.bedkd.contracts;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.List;
import java.util.Map;

/**
 * What a purification job is asked to do. Built by name: {@code JobSpec.builder().suspectModel(m).train(t)...build()}.
 *
 * @param suspectModel the suspect model checkpoint
 * @param train the suspect training set D* (may be poisoned; a poison-flag column, if present, is used only for FAR/FRR)
 * @param clean clean samples the defender holds (D_c^few and the validation split are drawn from them)
 * @param testClean optional clean test set (CACC before → after)
 * @param testTriggered optional triggered test set (ASR before → after)
 * @param schema label schema: {@code sst2}, {@code olid} or {@code agnews}; or the name of the model's own classes
 *     when {@code labels} is given
 * @param target the attacker's target label when known (needed for ASR), else {@code null}
 * @param profile settings bundle: {@code quick} or {@code paper}
 * @param seed master seed
 * @param overrides named setting overrides (e.g. {@code gamma}, {@code akdEpochs}, {@code punish}, {@code trainRows})
 * @param labels the class names in id order when they come from the suspect model's {@code id2label} (a job
 *     submitted without a schema); {@code null} for a named schema
 * @param triggerProbe a suspected trigger (a word or a sentence) the evaluator inserts into clean test sentences to
 *     measure how often it still changes predictions; {@code null}: the detector's most suspected word
 */
@RecordBuilder
public record JobSpec(ArtifactRef suspectModel, ArtifactRef train, ArtifactRef clean, ArtifactRef testClean,
        ArtifactRef testTriggered, String schema, Integer target, String profile, long seed,
        Map<String, String> overrides, List<String> labels, String triggerProbe) implements JobSpecBuilder.With {

    public JobSpec {
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        labels = labels == null ? null : List.copyOf(labels);
    }

    /** A builder with the defaults of the job API: profile {@code quick}, seed 42, no overrides. */
    public static JobSpecBuilder builder() {
        return JobSpecBuilder.builder().profile("quick").seed(42).overrides(Map.of());
    }
}
