package org.bedkd.defense.mepd;

/**
 * A sample's MEPD score.
 *
 * @param id sample id
 * @param mepd mean absolute difference of the two models' class probabilities, in [0, 1]
 * @param label the sample's label in the suspect set (for a poisoned sample: the attacker's target)
 * @param poisoned ground-truth flag when known, else {@code null}
 */
public record ScoredSample(String id, float mepd, int label, Boolean poisoned) {
}
