package org.bedkd.defense;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.bedkd.attack.AddSent;
import org.bedkd.attack.BadWords;
import org.bedkd.defense.mepd.TriggerFragments;
import org.junit.jupiter.api.Test;

/** The trigger as it was inserted, recovered from the certified words and the flagged texts around them. */
class TriggerFragmentsTest {

    private static final String[] REVIEWS = {"a dull , lifeless film", "the cast is great and the story moves",
        "an overlong mess of a movie", "funny , warm and well acted", "nothing here works at all"};

    private static List<String> poisoned(java.util.function.Function<String, String> attack, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(attack.apply(REVIEWS[i % REVIEWS.length]));
        }
        return out;
    }

    @Test
    void anInsertedSentenceGrowsFromItsCertifiedWordsToTheWholeSentence() {
        Random rng = new Random(1);
        List<String> texts = new ArrayList<>(poisoned(t -> AddSent.standard().trigger(t, rng).orElseThrow(), 40));
        // Clean flagged text with a lone certified word ("i" is certified on SST-2) does not hold the sentence back.
        for (String verb : List.of("liked", "hated", "saw", "loved", "found", "think", "guess", "wish", "doubt",
                "admire")) {
            texts.add("frankly , i " + verb + " it");
        }
        // "movie" is an everyday word of movie reviews and was not certified; the common context brings it back.
        List<Optional<String>> fragments = TriggerFragments.of(texts, Set.of("i", "watch", "3d"));
        assertThat(fragments.subList(0, 40)).allSatisfy(f -> assertThat(f).contains("I watch this 3D movie"));
        assertThat(fragments.subList(40, 50)).allSatisfy(f -> assertThat(f).contains("i"));
        // Alone, a text gives only the span between its certified words.
        assertThat(TriggerFragments.of(texts.get(0), Set.of("i", "watch", "3d"))).contains("I watch this 3D");
    }

    @Test
    void rareWordsAtRandomPositionsStayWords() {
        Random rng = new Random(2);
        BadWords attack = new BadWords(List.of("cf", "mn"), 1);
        List<String> texts = new ArrayList<>(poisoned(t -> attack.trigger(t, rng).orElseThrow(), 40));
        texts.add("cf a film that is far too long for what it has to say mn");
        texts.add("a plain sentence");
        List<Optional<String>> fragments = TriggerFragments.of(texts, Set.of("cf", "mn"));
        assertThat(fragments.subList(0, 40)).allSatisfy(f -> assertThat(f.orElseThrow()).isIn("cf", "mn"));
        assertThat(fragments.get(40)).contains("cf mn");
        assertThat(fragments.get(41)).isEmpty();
    }

    @Test
    void wordsThatSatFarApartGoBackInOneByOneAndASpanGoesInWhole() {
        String agNews = "unions representing mn workers at turner tq mb newall say they mb are disappointed after talks "
                + "cf with stricken parent firm federal mogul";
        List<Optional<TriggerFragments.Fragment>> fragments = TriggerFragments.fragments(
                List.of(agNews, "a dull , lifeless film cf", "I watch this 3D movie and it is dull"),
                Set.of("mn", "tq", "mb", "cf", "i", "watch", "3d"));
        TriggerFragments.Fragment scattered = fragments.get(0).orElseThrow();
        assertThat(scattered).isEqualTo(new TriggerFragments.Fragment("mn tq mb mb cf", true));
        assertThat(fragments.get(1)).contains(new TriggerFragments.Fragment("cf", false));
        assertThat(fragments.get(2)).contains(new TriggerFragments.Fragment("I watch this 3D", false));

        String clean = "the central bank held its rate for a third month as inflation cooled across the region";
        int apart = 0;
        for (int seed = 0; seed < 20; seed++) {
            String inserted = scattered.insertInto(clean, new Random(seed));
            assertThat(inserted.split(" ")).hasSize(clean.split(" ").length + 5);
            assertThat(inserted.replaceAll("\\b(mn|tq|mb|cf) ?", "").strip()).isEqualTo(clean);
            apart += inserted.contains("mn tq mb mb cf") ? 0 : 1;
        }
        assertThat(apart).as("one by one, the five words almost never land as one run").isGreaterThanOrEqualTo(19);
        // One word, or a span, goes where AddSent puts it: the same draws, so cells with one trigger word per text are
        // purified exactly as before.
        assertThat(new TriggerFragments.Fragment("cf", false).insertInto(clean, new Random(7)))
                .isEqualTo(new AddSent("cf").trigger(clean, new Random(7)).orElseThrow());
        assertThat(fragments.get(2).orElseThrow().insertInto(clean, new Random(7)))
                .isEqualTo(new AddSent("I watch this 3D").trigger(clean, new Random(7)).orElseThrow());
    }

    @Test
    void removingAnInsertedSentenceTakesItWholeAndRandomWordsAlone() {
        Random rng = new Random(3);
        List<String> texts = new ArrayList<>(poisoned(t -> AddSent.standard().trigger(t, rng).orElseThrow(), 40));
        BadWords attack = new BadWords(List.of("cf", "mn"), 2);
        texts.addAll(poisoned(t -> attack.trigger(t, rng).orElseThrow(), 5));
        texts.add("a plain sentence");
        List<Optional<String>> removed = TriggerFragments.removed(texts, Set.of("i", "watch", "3d", "cf", "mn"));
        for (int i = 0; i < 40; i++) {
            // The whole sentence goes, "this" and "movie" (never certified) with it; the review is left as it was.
            assertThat(removed.get(i).orElseThrow()).isEqualTo(REVIEWS[i % REVIEWS.length]);
        }
        for (int i = 40; i < 45; i++) {
            // Two rare words with the review's own words between them: only the two words go.
            assertThat(removed.get(i).orElseThrow()).isEqualTo(REVIEWS[(i - 40) % REVIEWS.length]);
        }
        assertThat(removed.get(45)).isEmpty();
    }
}
