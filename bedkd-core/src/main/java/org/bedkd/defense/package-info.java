/**
 * The defense (docs/METHOD.md): the Directional Mapping Module ({@code dmm}), MEPD scoring and flagging
 * ({@code mepd}) and Adversarial Knowledge Distillation ({@code akd}). The paper's comparison methods (FT, KD, FT+DMM,
 * KD+DMM) are {@link org.bedkd.defense.DefenseMethod}s run by the same distiller; {@link
 * org.bedkd.defense.Objectives} names the losses each method trains with.
 */
package org.bedkd.defense;
