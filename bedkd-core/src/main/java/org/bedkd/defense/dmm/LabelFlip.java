package org.bedkd.defense.dmm;

/** The DMM's deterministic label flip y' = (y + 1) mod C (as in the released code). */
public final class LabelFlip {

    private LabelFlip() {
    }

    public static int flip(int label, int classes) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
        }
        return (label + 1) % classes;
    }
}
