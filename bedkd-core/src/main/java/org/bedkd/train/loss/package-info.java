/**
 * Losses as small strategies with one signature: per-sample values from the student's logits and hidden states and
 * the batch's {@link org.bedkd.train.loss.BatchTargets}. Composites (weighted sums, negation) build the paper's DMM,
 * trust and punish objectives out of cross-entropy, temperature-scaled KL and hidden-state MSE.
 */
package org.bedkd.train.loss;
