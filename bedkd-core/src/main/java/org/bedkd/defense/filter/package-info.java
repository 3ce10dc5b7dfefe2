/**
 * Inference-time defenses, the rivals users know: they leave the suspect model as it is and stand in front of it,
 * rewriting each input ({@link org.bedkd.defense.filter.Imbert}, {@link org.bedkd.defense.filter.Onion}) or refusing
 * it ({@link org.bedkd.defense.filter.Strip}). Each is fitted on the defender's clean data only.
 */
package org.bedkd.defense.filter;
