package org.bedkd.attack;

import java.util.Optional;
import java.util.Random;

/** Puts a backdoor trigger into a text. */
public interface TriggerAttack {

    /** Short name used in reports ({@code badwords}, {@code addsent}, {@code synbkd}). */
    String name();

    /**
     * The triggered version of {@code text}, or empty when this attack cannot trigger it (a paraphrase attack with
     * no paraphrase for that text).
     */
    Optional<String> trigger(String text, Random rng);

    /** Inserts {@code insert} as whole words at a random word boundary of {@code text}. */
    static String insertAtRandomWord(String text, String insert, Random rng) {
        String[] words = text.strip().split("\\s+");
        int at = rng.nextInt(words.length + 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= words.length; i++) {
            if (i == at) {
                sb.append(insert).append(' ');
            }
            if (i < words.length) {
                sb.append(words[i]).append(' ');
            }
        }
        return sb.toString().strip();
    }
}
