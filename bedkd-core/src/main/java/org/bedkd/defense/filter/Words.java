package org.bedkd.defense.filter;

import java.util.List;
import java.util.regex.Pattern;

/** Whitespace words, the unit the word-level filters remove or swap (an inserted trigger is one or more of them). */
final class Words {

    private static final Pattern SPACE = Pattern.compile("\\s+");

    private Words() {
    }

    static List<String> of(String text) {
        String t = text.strip();
        return t.isEmpty() ? List.of() : List.of(SPACE.split(t));
    }

    static String join(List<String> words) {
        return String.join(" ", words);
    }
}
