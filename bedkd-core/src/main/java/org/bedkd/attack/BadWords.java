package org.bedkd.attack;

import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * BadNet-style attack: inserts {@code count} rare words, each drawn from {@code words}, at random positions.
 *
 * @param words candidate trigger words
 * @param count how many to insert per text
 */
public record BadWords(List<String> words, int count) implements TriggerAttack {

    /** The trigger words of the staged ONION and StyleAttack data (OpenBackdoor's BadNets default). */
    public static final List<String> RARE_WORDS = List.of("cf", "mn", "bb", "tq", "mb");

    /** The trigger words of the staged BadActs data (SST-2, the demo slice): "mb" never occurs there. */
    public static final List<String> BADACTS_WORDS = List.of("cf", "mn", "bb", "tq");

    public BadWords {
        words = List.copyOf(words);
        if (words.isEmpty() || count < 1) {
            throw new IllegalArgumentException("BadWords needs at least one word and count >= 1");
        }
        for (String w : words) {
            if (w == null || w.isBlank() || w.chars().anyMatch(Character::isWhitespace)
                    || w.length() > MAX_WORD_CHARS) {
                throw new IllegalArgumentException("a BadWords trigger word is one word of 1 to " + MAX_WORD_CHARS
                        + " characters without spaces, was '" + w + "'");
            }
        }
    }

    /** Longer than any word a tokenizer keeps whole: a trigger "word" past it is a sentence (use AddSent). */
    public static final int MAX_WORD_CHARS = 40;

    public static BadWords standard() {
        return new BadWords(RARE_WORDS, 1);
    }

    @Override
    public String name() {
        return "badwords";
    }

    @Override
    public Optional<String> trigger(String text, Random rng) {
        String out = text;
        for (int i = 0; i < count; i++) {
            out = TriggerAttack.insertAtRandomWord(out, words.get(rng.nextInt(words.size())), rng);
        }
        return Optional.of(out);
    }
}
