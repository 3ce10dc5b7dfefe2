package org.bedkd.defense.mepd;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.bedkd.attack.TriggerAttack;
import org.bedkd.data.Dataset;
import org.bedkd.data.Sample;
import org.bedkd.model.TextClassifier;

/**
 * Whether a word moves the suspect model: it is inserted at a random position into clean sentences of the other labels,
 * and the share of them whose prediction turns to the word's label is read off. A trigger word does what it was
 * planted for (on a victim that learned it, most of those sentences turn); a word that is merely rare and one-sided in
 * the set does not. The lexical tests of {@link TriggerWords} are statistical and need carriers (an unseen word needs
 * 15 of 3,000 rows to clear the clean split's rarity bound); this one asks the model.
 */
@FunctionalInterface
public interface TriggerProbe {

    /** Clean sentences per probe: enough to tell "most turn" from "a few turn", cheap for a few dozen words. */
    int SENTENCES = 64;

    /**
     * @param words the words to insert, one at a time
     * @param label the label they would move sentences to
     * @return per word, the share (0 to 1) of clean sentences of the other labels, not predicted {@code label} as they
     *     are, that the model predicts {@code label} once the word is inserted; {@code NaN} when no such sentence
     */
    Map<String, Double> flipShares(Collection<String> words, int label);

    /**
     * This probe, remembering each (word, label) answer: a run that ranks the same detection for several methods
     * asks about the same words again, and every answer costs an inference pass over {@link #SENTENCES} sentences.
     */
    default TriggerProbe cached() {
        Map<Integer, Map<String, Double>> seen = new ConcurrentHashMap<>();
        return (words, label) -> {
            Map<String, Double> known = seen.computeIfAbsent(label, l -> new ConcurrentHashMap<>());
            List<String> asked = words.stream().filter(w -> !known.containsKey(w)).distinct().toList();
            if (!asked.isEmpty()) {
                known.putAll(flipShares(asked, label));
            }
            Map<String, Double> out = new LinkedHashMap<>();
            words.forEach(w -> out.put(w, known.get(w)));
            return out;
        };
    }

    /**
     * Probes {@code suspect} with up to {@link #SENTENCES} sentences of {@code clean} per label, drawn with a fixed
     * seed; each word goes into the same sentences at positions drawn from the word, so a probe repeats exactly.
     */
    static TriggerProbe inserting(TextClassifier suspect, Dataset clean, int batchSize) {
        return (words, label) -> {
            List<Sample> others = new ArrayList<>(clean.filter("probe", s -> s.label() != label).samples());
            Collections.shuffle(others, new Random(label));
            List<String> base = others.subList(0, Math.min(SENTENCES, others.size())).stream().map(Sample::text)
                    .toList();
            Map<String, Double> out = new LinkedHashMap<>();
            if (base.isEmpty() || words.isEmpty()) {
                words.forEach(w -> out.put(w, Double.NaN));
                return out;
            }
            List<String> texts = new ArrayList<>(base);
            for (String w : words) {
                Random rng = new Random(w.hashCode());
                base.forEach(t -> texts.add(TriggerAttack.insertAtRandomWord(t, w, rng)));
            }
            int[] predicted;
            try (var frozen = suspect.frozenForInference()) {
                predicted = suspect.predict(texts, batchSize);
            }
            int offset = 0; // the word's copies of the sentences follow the originals, one block per word
            for (String w : words) {
                offset += base.size();
                int eligible = 0;
                int turned = 0;
                for (int j = 0; j < base.size(); j++) {
                    if (predicted[j] != label) {
                        eligible++;
                        turned += predicted[offset + j] == label ? 1 : 0;
                    }
                }
                out.put(w, eligible == 0 ? Double.NaN : (double) turned / eligible);
            }
            return out;
        };
    }
}
