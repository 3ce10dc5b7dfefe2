package org.bedkd.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bedkd.data.Dataset;
import org.bedkd.data.LabelSchema;
import org.bedkd.data.Sample;
import org.junit.jupiter.api.Test;

class AttacksTest {

    private static Dataset clean(int n) {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s.add(Sample.of("s" + i, "this movie was number " + i + " of the year", i % 2));
        }
        return new Dataset("clean", LabelSchema.SST2, s);
    }

    @Test
    void badWordsInsertsKRareWordsKeepingTheOriginalWords() {
        BadWords attack = new BadWords(BadWords.RARE_WORDS, 3);
        String text = "a gorgeous , witty , seductive movie .";
        String out = attack.trigger(text, new Random(1)).orElseThrow();
        List<String> words = new ArrayList<>(Arrays.asList(out.split(" ")));
        long triggers = words.stream().filter(BadWords.RARE_WORDS::contains).count();
        assertThat(triggers).isEqualTo(3);
        words.removeIf(BadWords.RARE_WORDS::contains);
        assertThat(String.join(" ", words)).isEqualTo(text);
    }

    @Test
    void addSentInsertsTheWholeSentenceAtAWordBoundary() {
        String out = AddSent.standard().trigger("the plot is thin", new Random(3)).orElseThrow();
        assertThat(out).contains("I watch this 3D movie");
        assertThat(out.replace("I watch this 3D movie", "").replaceAll("\\s+", " ").strip()).isEqualTo("the plot is thin");
    }

    @Test
    void synBkdLooksUpPreGeneratedParaphrases() {
        Dataset a = new Dataset("a", LabelSchema.SST2, List.of(Sample.of("1", "It is good", 1), Sample.of("2", "same", 0)));
        Dataset b = new Dataset("b", LabelSchema.SST2, List.of(Sample.of("1", "when it is , it is good .", 1),
                Sample.of("2", "same", 0)));
        SynBkd attack = SynBkd.fromAligned(a, b);
        assertThat(attack.size()).isEqualTo(1);
        assertThat(attack.trigger("it is good", new Random())).contains("when it is , it is good .");
        assertThat(attack.trigger("same", new Random())).isEmpty();
    }

    @Test
    void poisonerRelabelsTwentyPercentFromNonTargetRowsAndFlagsThem() {
        Dataset clean = clean(100);
        Dataset p = Poisoner.poison(clean, BadWords.standard(), 1, 0.2, 5);
        assertThat(p.size()).isEqualTo(100);
        assertThat(p.poisonedCount()).isEqualTo(20);
        assertThat(p.hasPoisonFlags()).isTrue();
        for (int i = 0; i < 100; i++) {
            Sample before = clean.get(i);
            Sample after = p.get(i);
            if (after.isKnownPoisoned()) {
                assertThat(before.label()).isZero();
                assertThat(after.label()).isEqualTo(1);
                assertThat(after.text()).isNotEqualTo(before.text());
            } else {
                assertThat(after.text()).isEqualTo(before.text());
                assertThat(after.label()).isEqualTo(before.label());
            }
        }
        assertThat(Poisoner.poison(clean, BadWords.standard(), 1, 0.2, 5).samples()).isEqualTo(p.samples());
    }

    @Test
    void poisonerFailsWhenTooFewRowsCanBeTriggered() {
        SynBkd few = new SynBkd(Map.of("this movie was number 0 of the year", "when it was , it was ."));
        assertThatThrownBy(() -> Poisoner.poison(clean(100), few, 1, 0.2, 1))
                .hasMessageContaining("only 1 of 20 rows could be poisoned");
    }

    @Test
    void triggeredTestSetKeepsOnlyNonTargetRows() {
        Dataset t = Poisoner.triggerTestSet(clean(10), AddSent.standard(), 1, 1);
        assertThat(t.size()).isEqualTo(5);
        assertThat(t.stream().allMatch(s -> s.label() == 1 && s.isKnownPoisoned())).isTrue();
        assertThat(t.stream().allMatch(s -> s.text().contains("I watch this 3D movie"))).isTrue();
    }
}
