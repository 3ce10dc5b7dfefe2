package org.bedkd.attack;

import java.util.Optional;
import java.util.Random;

/**
 * A suspected trigger (a word or a sentence) inserted at a random word position: how a job measures whether a
 * trigger it does not know for sure still moves predictions (trigger flips), from the user's guess or the detector's
 * most suspected word.
 *
 * @param text what is inserted
 */
public record TriggerProbe(String text) implements TriggerAttack {

    public TriggerProbe {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a trigger probe needs some text");
        }
        text = text.strip();
    }

    @Override
    public String name() {
        return "probe";
    }

    @Override
    public Optional<String> trigger(String sentence, Random rng) {
        return Optional.of(TriggerAttack.insertAtRandomWord(sentence, text, rng));
    }
}
