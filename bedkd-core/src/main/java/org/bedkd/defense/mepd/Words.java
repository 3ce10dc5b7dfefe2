package org.bedkd.defense.mepd;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** The distinct words of a text as trigger searches compare them: lower case, outer punctuation stripped. */
final class Words {

    private Words() {
    }

    static Set<String> of(String text) {
        Set<String> out = new HashSet<>();
        for (String token : text.toLowerCase(Locale.ROOT).split("\\s+")) {
            String w = token.replaceAll("^\\p{Punct}+|\\p{Punct}+$", "");
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}
