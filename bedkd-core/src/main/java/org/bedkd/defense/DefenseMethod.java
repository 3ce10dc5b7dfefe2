package org.bedkd.defense;

import java.util.Locale;

/**
 * The defenses a user can compare (paper Table 2). FT and KD use only the clean set; the "+DMM" variants add a punish
 * pass (plain −CE on the sample's own label) on DMM-flagged samples; BeDKD is DMM + AKD with the configured punish
 * strategy. All of them run in the same loop with the same validation-only model selection.
 */
public enum DefenseMethod {
    /** The suspect model as it is. */
    NONE("none", false, false),
    /** Fine-tune on the clean set with CE. */
    FT("ft", false, false),
    /** Distil the suspect model into a copy of itself on the clean set (trust loss only). */
    KD("kd", true, false),
    /** FT plus gradient ascent on flagged samples. */
    FT_DMM("ft+dmm", false, true),
    /** KD plus gradient ascent on flagged samples. */
    KD_DMM("kd+dmm", true, true),
    /** DMM + adversarial knowledge distillation (trust and punish distillation). */
    BEDKD("bedkd", true, true);

    private final String id;
    private final boolean distils;
    private final boolean usesFlagged;

    DefenseMethod(String id, boolean distils, boolean usesFlagged) {
        this.id = id;
        this.distils = distils;
        this.usesFlagged = usesFlagged;
    }

    /** Name used in reports and on the command line. */
    public String id() {
        return id;
    }

    public boolean distils() {
        return distils;
    }

    /** Whether the method needs the DMM's flagged samples. */
    public boolean usesFlagged() {
        return usesFlagged;
    }

    public static DefenseMethod parse(String s) {
        String key = s.strip().toLowerCase(Locale.ROOT);
        for (DefenseMethod m : values()) {
            if (m.id.equals(key) || m.name().equalsIgnoreCase(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + s + "'; one of none, ft, kd, ft+dmm, kd+dmm, bedkd");
    }
}
