package org.bedkd.contracts;

/**
 * A screened sample with its verdict.
 *
 * @param id record id
 * @param text the text
 * @param label the label it came with
 * @param mepd MEPD between the registered suspect model and its DMM
 * @param quarantined MEPD &lt; γ, or the screener's filter refused the text: routed to quarantine
 * @param predicted the suspect model's predicted label
 * @param screener id of the registered (model, DMM) pair
 * @param filter what the screener's inference-time filter made of the text ({@code null}: the screener has none)
 */
public record ScreeningVerdict(String id, String text, Integer label, float mepd, boolean quarantined, int predicted,
        String screener, FilterVerdict filter) {

    /** Without a filter. */
    public ScreeningVerdict(String id, String text, Integer label, float mepd, boolean quarantined, int predicted,
            String screener) {
        this(id, text, label, mepd, quarantined, predicted, screener, null);
    }
}
