package org.bedkd.charts;

import java.awt.Color;
import java.util.List;

/**
 * The job report's chart colours: a set of its own per chart, so a reader (and the report's browser test, from a
 * screenshot) can tell which charts were drawn.
 */
public final class ReportColours {

    /** MEPD histogram: marked clean, marked poisoned (or all samples). */
    public static final List<Color> HISTOGRAM = List.of(new Color(0x0072B2), new Color(0xD55E00));
    /** FAR/FRR against γ: FAR, FRR, clean calibration. */
    public static final List<Color> RATES = List.of(new Color(0xE69F00), new Color(0xCC79A7), new Color(0x882255));
    /** Purification epochs: validation CACC, held-out rate, trigger flips, validation balanced accuracy. */
    public static final List<Color> EPOCHS = List.of(new Color(0x009E73), new Color(0x332288), new Color(0x117733),
            new Color(0xDDCC77));
    /** Before/after bars: suspect, purified. */
    public static final List<Color> BEFORE_AFTER = List.of(new Color(0x999999), new Color(0x56B4E9));

    private ReportColours() {
    }
}
