/**
 * The Directional Mapping Module: a copy of the suspect model fine-tuned on a few clean samples with flipped labels
 * while distilling from the frozen suspect model, so that clean inputs drift and triggered inputs do not.
 */
package org.bedkd.defense.dmm;
