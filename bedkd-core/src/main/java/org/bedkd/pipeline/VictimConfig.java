package org.bedkd.pipeline;

import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * How the suspect (victim) model is trained on the poisoned set: what a user of poisoned data would do.
 *
 * @param model encoder to start from
 * @param epochs training epochs
 * @param learningRate AdamW learning rate
 * @param batchSize samples per step
 */
@RecordBuilder
public record VictimConfig(ModelSpec model, int epochs, float learningRate, int batchSize) implements VictimConfigBuilder.With {
}
