package org.bedkd.pipeline;

/**
 * How the suspect (victim) model is trained on the poisoned set: what a user of poisoned data would do.
 *
 * @param model encoder to start from
 * @param epochs training epochs
 * @param learningRate AdamW learning rate
 * @param batchSize samples per step
 */
public record VictimConfig(ModelSpec model, int epochs, float learningRate, int batchSize) {
}
