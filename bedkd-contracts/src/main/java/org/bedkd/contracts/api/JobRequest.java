package org.bedkd.contracts.api;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.Map;
import org.bedkd.contracts.ArtifactRef;

/**
 * Body of {@code POST /jobs} (the evaluator's API and its clients share this record). Artifacts are {@code store:} references (upload them with {@code PUT /artifacts/...} or
 * write them to the shared volume); a missing {@code sha256} is computed and pinned at submission.
 *
 * @param jobId optional client-chosen id (idempotency key); generated when absent
 * @param suspectModel suspect model (required): a bedkd checkpoint or a Hugging Face classifier directory
 *     ({@code save_pretrained} output), uploaded as a zip
 * @param train suspect training set (required)
 * @param clean clean samples the defender holds (required)
 * @param testClean clean test set (optional; CACC before → after)
 * @param testTriggered triggered test set (optional; ASR before → after, needs {@code target})
 * @param schema {@code sst2}, {@code olid} or {@code agnews}; optional when the suspect model is a Hugging Face
 *     classifier whose {@code id2label} names its classes (the datasets then use those names or their ids)
 * @param target attacker's target label, if known
 * @param profile {@code quick} (default) or {@code paper}
 * @param seed master seed (default 42)
 * @param overrides setting overrides, e.g. {@code {"gamma": "0.05"}}
 * @param triggerProbe optional suspected trigger (a word or a sentence, at most 200 characters, needs {@code target}):
 *     inserted into clean test sentences to measure whether it still moves predictions; default: the word the
 *     detector finds most over-represented in the flagged samples
 */
@RecordBuilder
public record JobRequest(String jobId, ArtifactRef suspectModel, ArtifactRef train, ArtifactRef clean,
        ArtifactRef testClean, ArtifactRef testTriggered, String schema, Integer target, String profile, Long seed,
        Map<String, String> overrides, String triggerProbe) implements JobRequestBuilder.With {

    public static JobRequestBuilder builder() {
        return JobRequestBuilder.builder();
    }
}
