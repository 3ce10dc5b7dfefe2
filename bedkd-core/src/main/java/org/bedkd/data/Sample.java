package org.bedkd.data;

import java.util.Objects;

/**
 * One labelled text.
 *
 * @param id stable identifier (the source row id when the file has one, else {@code <file>:<line>})
 * @param text the raw text
 * @param label class index in the dataset's {@link LabelSchema}
 * @param poisoned {@code true}/{@code false} when the source says whether the row carries a trigger, {@code null}
 *     when unknown (a defender's view of D*)
 */
public record Sample(String id, String text, int label, Boolean poisoned) {

    public Sample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        if (label < 0) {
            throw new IllegalArgumentException("label must be >= 0, was " + label);
        }
    }

    /** A sample whose poison flag is unknown. */
    public static Sample of(String id, String text, int label) {
        return new Sample(id, text, label, null);
    }

    public boolean isKnownPoisoned() {
        return Boolean.TRUE.equals(poisoned);
    }

    public boolean isKnownClean() {
        return Boolean.FALSE.equals(poisoned);
    }

    public Sample withLabel(int newLabel) {
        return new Sample(id, text, newLabel, poisoned);
    }

    public Sample withText(String newText) {
        return new Sample(id, newText, label, poisoned);
    }

    /** The defender's view: same sample without the ground-truth flag. */
    public Sample withoutFlag() {
        return new Sample(id, text, label, null);
    }
}
