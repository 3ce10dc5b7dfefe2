package org.bedkd.attack;

import java.util.Optional;
import java.util.Random;

/**
 * AddSent attack: inserts a fixed trigger sentence at a random word position.
 *
 * @param sentence the trigger sentence
 */
public record AddSent(String sentence) implements TriggerAttack {

    /** The sentence used by the staged BadActs data (OpenBackdoor's default). */
    public static final String DEFAULT_SENTENCE = "I watch this 3D movie";

    public AddSent {
        if (sentence == null || sentence.isBlank()) {
            throw new IllegalArgumentException("AddSent needs a non-empty sentence");
        }
    }

    public static AddSent standard() {
        return new AddSent(DEFAULT_SENTENCE);
    }

    @Override
    public String name() {
        return "addsent";
    }

    @Override
    public Optional<String> trigger(String text, Random rng) {
        return Optional.of(TriggerAttack.insertAtRandomWord(text, sentence, rng));
    }
}
