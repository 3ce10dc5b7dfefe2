package org.bedkd.defense.akd;

import java.util.Locale;

/** How AKD's punish pass treats the flagged samples. */
public enum PunishStrategy {
    /**
     * The paper's literal objective: −[λ·CE(y_target) + (1 − λ)·T²·KL(teacher ‖ student)], optionally capped per
     * sample. Unbounded ascent; tends to over-fit a handful of flagged samples (docs/METHOD.md).
     */
    PAPER,
    /** −CE toward the flagged label only while the student still gives it more than 1/C probability. */
    BOUNDED,
    /**
     * CE toward a non-target label: the other class when C = 2, else the teacher's most likely class other than the
     * flagged label. Bounded by construction.
     */
    RELABEL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PunishStrategy parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown punish strategy '" + s + "'; one of paper, bounded, relabel");
        }
    }
}
