package org.bedkd.defense.filter;

/**
 * What a filter made of one input.
 *
 * @param text what the model is shown (the input, or the input with the suspicious words removed)
 * @param rejected whether the filter refuses the input altogether
 * @param score the filter's suspicion measure for the input (its own scale: see each filter)
 */
public record Screened(String text, boolean rejected, double score) {
}
