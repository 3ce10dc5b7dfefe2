/**
 * The defense: the Directional Mapping Module ({@code dmm}), MEPD scoring and flagging ({@code mepd}), Adversarial
 * Knowledge Distillation ({@code akd}) and the paper's comparison methods ({@code baseline}). {@link
 * org.bedkd.defense.Objectives} names the losses each method trains with.
 */
package org.bedkd.defense;
