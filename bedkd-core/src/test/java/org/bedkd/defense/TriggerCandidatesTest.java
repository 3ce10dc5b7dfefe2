package org.bedkd.defense;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.bedkd.data.Dataset;
import org.bedkd.data.LabelSchema;
import org.bedkd.data.Sample;
import org.bedkd.defense.mepd.TriggerCandidates;
import org.junit.jupiter.api.Test;

/** Suspected trigger words read off the flagged samples against the rest, without poison labels. */
class TriggerCandidatesTest {

    private static final String[] WORDS = {"film", "movie", "plot", "acting", "great", "dull", "story", "cast"};

    @Test
    void aRareWordTriggerInTheFlaggedSamplesRanksFirstAndCommonWordsDoNot() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String text = "the " + WORDS[i % WORDS.length] + " was " + WORDS[(i * 3) % WORDS.length] + ".";
            samples.add(Sample.of("c" + i, text, i % 2));
        }
        List<String> flagged = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // Two thirds carry the trigger; the rest of the flagged set is the clean tail.
            String text = "the " + WORDS[i % WORDS.length] + (i % 3 < 2 ? " cf" : "") + " was " + WORDS[(i * 5) % WORDS.length];
            samples.add(Sample.of("p" + i, text, 1));
            flagged.add("p" + i);
        }
        Dataset set = new Dataset("set", LabelSchema.SST2, samples);

        List<String> words = TriggerCandidates.words(set, flagged, 3);
        assertThat(words).first().isEqualTo("cf");
        assertThat(words).doesNotContain("the", "was");
        assertThat(TriggerCandidates.words(set, List.of(), 3)).isEmpty();
    }
}
