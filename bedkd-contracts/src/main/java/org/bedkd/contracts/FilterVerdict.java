package org.bedkd.contracts;

/**
 * What an inference-time filter beside the MEPD screener made of a screened text.
 *
 * @param filter {@code imbert}, {@code onion-bigram} or {@code strip}
 * @param refused whether the filter refuses the text (STRIP: its predictions barely change under perturbation, as a
 *     triggered text's do); a refused text is quarantined
 * @param text the text with the words the filter found suspicious removed (IMBERT, ONION); the text itself otherwise
 * @param score the filter's suspicion measure (IMBERT: the largest token share of the saliency; ONION: largest word
 *     suspicion; STRIP: mean prediction entropy, low is suspicious)
 */
public record FilterVerdict(String filter, boolean refused, String text, double score) {
}
