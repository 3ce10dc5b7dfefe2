/**
 * Adversarial Knowledge Distillation: a student copy of the suspect model is trusted on clean samples and punished on
 * DMM-flagged samples, epoch by epoch, with model selection on validation signals only. Punish strategies are
 * selectable: the paper's literal objective and bounded or relabelling variants.
 */
package org.bedkd.defense.akd;
