/**
 * Clean accuracy (CACC), attack success rate (ASR) and its floor, confusion matrices: pure functions over predictions
 * and labels, plus {@link org.bedkd.metrics.ModelEvaluator} that runs a model over test sets.
 */
package org.bedkd.metrics;
