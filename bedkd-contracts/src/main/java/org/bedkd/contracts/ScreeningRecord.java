package org.bedkd.contracts;

/**
 * A raw training sample to screen before it enters a training set.
 *
 * @param id record id (also the key)
 * @param text the text
 * @param label its label, if any
 */
public record ScreeningRecord(String id, String text, Integer label) {
}
