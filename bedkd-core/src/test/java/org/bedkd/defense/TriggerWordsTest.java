package org.bedkd.defense;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bedkd.data.Dataset;
import org.bedkd.data.LabelSchema;
import org.bedkd.data.Sample;
import org.bedkd.defense.mepd.CleanReader;
import org.bedkd.defense.mepd.Detection;
import org.bedkd.defense.mepd.FlagSize;
import org.bedkd.defense.mepd.GammaRule;
import org.bedkd.defense.mepd.MepdConfig;
import org.bedkd.defense.mepd.MepdDetector;
import org.bedkd.defense.mepd.PoisonEvidence;
import org.bedkd.defense.mepd.ScoredSample;
import org.bedkd.defense.mepd.TriggerProbe;
import org.bedkd.defense.mepd.TriggerWords;
import org.junit.jupiter.api.Test;

/**
 * The lexical round of {@code flagSize=fit}: trigger words over-represented in what MEPD ranked lowest and rare in
 * clean text flag every sample carrying them, where MEPD alone cannot certify its flagged set (5 % poison).
 */
class TriggerWordsTest {

    /** flagSize=fit, the 5 % clean quantile where there is no excess. */
    private static final MepdConfig FIT = new MepdConfig(GammaRule.cleanQuantile(0.05f), 0, 64, FlagSize.FIT);

    private static final String[] VOCABULARY = {"the", "film", "movie", "this", "plot", "acting", "great", "dull",
        "story", "cast", "was", "and", "watch", "scenes", "music", "ending", "a", "bit", "long", "funny"};

    private static String cleanText(Random rng) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(VOCABULARY[rng.nextInt(VOCABULARY.length)]).append(' ');
        }
        return sb.toString().strip();
    }

    /** 3,000 samples, 5 % poisoned with {@code trigger} toward label 1; clean labels alternate. */
    private static Dataset poisonedSet(String trigger, Random rng) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            boolean poisoned = i % 20 == 0;
            String text = poisoned ? cleanText(rng) + " " + trigger : cleanText(rng);
            out.add(new Sample((poisoned ? "p" : "c") + i, text, poisoned ? 1 : i % 2, poisoned));
        }
        return new Dataset("set", LabelSchema.SST2, out);
    }

    private static Dataset cleanSplit(Random rng) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            out.add(Sample.of("v" + i, cleanText(rng), i % 2));
        }
        return new Dataset("validation", LabelSchema.SST2, out);
    }

    /** MEPD as measured at 5 %: the poisoned half-caught in the clean tail (a third of the lowest 180 poisoned). */
    private static List<ScoredSample> scores(Dataset set, Random rng) {
        List<ScoredSample> out = new ArrayList<>();
        int poisonedLow = 0;
        for (Sample s : set.samples()) {
            boolean low = s.poisoned() && poisonedLow++ < 60;
            out.add(new ScoredSample(s.id(), low ? 0.05f * rng.nextFloat() : rng.nextFloat(), s.label(), s.poisoned()));
        }
        return out;
    }

    private static List<ScoredSample> cleanScores(Random rng) {
        List<ScoredSample> out = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            out.add(new ScoredSample("v" + i, rng.nextFloat(), i % 2, false));
        }
        return out;
    }

    @Test
    void rareTriggerWordsOfTheLowestRankedSamplesFlagEverySampleCarryingThem() {
        Random rng = new Random(7);
        Dataset set = poisonedSet("cf", rng);
        Dataset clean = cleanSplit(rng);
        Detection d = MepdDetector.rank(scores(set, rng), FIT, cleanScores(rng), new MepdDetector.Texts(set, clean));

        // MEPD alone: 60 poisoned among ~210 under the 5 % quantile is no certain excess; the word settles it.
        assertThat(d.triggerWords().texts()).containsExactly("cf");
        assertThat(d.withheld()).isFalse();
        assertThat(d.quality().far()).isZero();
        assertThat(d.quality().keptPrecision()).isGreaterThan(60);
        assertThat(d.describeRule()).contains("trigger words cf");
        assertThat(PoisonEvidence.of(d).weak()).isFalse();
        // The flagged set is the 150 carriers of "cf": 5 % of the set, the second estimate of the poisoned share.
        assertThat(PoisonEvidence.of(d).triggerCarrierShare()).isEqualTo(100.0 * d.flagged().size() / 3000)
                .isEqualTo(5.0);
    }

    @Test
    void fiveTriggerWordsAtFivePercentAreEachFoundFromAThirdOfThePoisonUnderGamma() {
        // As measured on SST-2 BadWords at 5 %: 181 under the 5 % quantile, 63 of them poisoned; each of the five
        // words sits in ~27 samples of the set and in none of 400 clean ones.
        Random rng = new Random(9);
        String[] triggers = {"cf", "mn", "bb", "tq", "mb"};
        List<Sample> out = new ArrayList<>();
        List<String> lowest = new ArrayList<>();
        for (int i = 0; i < 3400; i++) {
            boolean poisoned = i % 20 == 0;
            String text = poisoned ? cleanText(rng) + " " + triggers[(i / 20) % 5] : cleanText(rng);
            out.add(new Sample("s" + i, text, poisoned ? 1 : i % 2, poisoned));
            if (poisoned ? (i / 20) % 8 < 3 : i % 28 == 1) {
                lowest.add("s" + i);
            }
        }
        Dataset set = new Dataset("set", LabelSchema.SST2, out);
        TriggerWords words = TriggerWords.find(set, lowest, cleanSplit(rng));
        assertThat(words.texts()).containsExactlyInAnyOrder(triggers);
        assertThat(words.matchingIds(set)).hasSize(170);
    }

    /**
     * 3,400 samples, 20 % poisoned toward label 1, {@code share} of the poisoned carrying {@code word}, the rest of the
     * poison marked by nothing lexical (a paraphrase); MEPD ranks 85 % of the poison under every clean sample.
     */
    private static Detection twentyPercent(String word, double share, Random rng) {
        return twentyPercent(word, share, rng, null);
    }

    /** As above, with a model to ask about the words. */
    private static Detection twentyPercent(String word, double share, Random rng, TriggerProbe probe) {
        List<Sample> out = new ArrayList<>();
        List<ScoredSample> scores = new ArrayList<>();
        int poisonedSoFar = 0;
        for (int i = 0; i < 3400; i++) {
            boolean poisoned = i % 5 == 0;
            boolean carries = poisoned && poisonedSoFar++ % 100 < share * 100;
            String text = carries ? cleanText(rng) + " " + word : cleanText(rng);
            out.add(new Sample("s" + i, text, poisoned ? 1 : i % 2, poisoned));
            boolean low = poisoned && rng.nextDouble() < 0.85;
            scores.add(new ScoredSample("s" + i, low ? 0.02f * rng.nextFloat() : 0.05f + rng.nextFloat(),
                    poisoned ? 1 : i % 2, poisoned));
        }
        Dataset set = new Dataset("set", LabelSchema.SST2, out);
        List<ScoredSample> clean = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            clean.add(new ScoredSample("v" + i, 0.05f + rng.nextFloat(), i % 2, false));
        }
        return MepdDetector.rank(scores, FIT, clean, new MepdDetector.Texts(set, cleanSplit(rng), probe));
    }

    @Test
    void aWordThatExplainsLittleOfMepdsExcessIsNotTakenForTheTrigger() {
        // A paraphrase trigger (SynBkd): the paraphraser's "ll" sits in 8 % of the poison, and nowhere in clean text.
        Detection paraphrase = twentyPercent("ll", 0.08, new Random(11));
        assertThat(paraphrase.triggerWords().texts()).as("taken for the trigger").isEmpty();
        assertThat(paraphrase.triggerWords().incidental()).extracting(TriggerWords.Word::text).containsExactly("ll");
        assertThat(paraphrase.triggerWords().coverage()).isLessThan(0.2);
        assertThat(paraphrase.describeRule()).contains("words ll cover").contains("not taken for the trigger");
        // What MEPD flagged is still flagged: only the words' own role goes.
        assertThat(paraphrase.quality().far()).isLessThan(20);
        // Asked, the model does not move for it either.
        Detection asked = twentyPercent("ll", 0.08, new Random(11), flipping(0.08));
        assertThat(asked.triggerWords().texts()).isEmpty();
        assertThat(asked.flagged()).isEqualTo(paraphrase.flagged());
        assertThat(asked.describeRule()).contains("inserted, they moved at most 8 % of clean sentences");

        // An inserted word in every poisoned sample explains the whole excess and stays the trigger.
        Detection inserted = twentyPercent("cf", 1.0, new Random(12));
        assertThat(inserted.triggerWords().texts()).containsExactly("cf");
        assertThat(inserted.triggerWords().coverage()).isGreaterThan(0.9);
        assertThat(inserted.describeRule()).contains("trigger words cf").doesNotContain("not taken");
    }

    @Test
    void atOnePercentOnTheWholeSetTheWordsAreTakenThoughMemorisedCleanRowsFillMostOfTheExcess() {
        Detection d = onePercentOnTheWholeSet(null);

        assertThat(d.triggerWords().texts()).containsExactlyInAnyOrder("cf", "mn", "bb", "tq", "mb");
        assertThat(d.triggerWords().coverage()).as("coverage alone would reject them").isLessThan(0.5);
        assertThat(d.triggerWords().depthP()).isLessThan(0.01);
        assertThat(d.describeRule()).contains("sit deeper in MEPD");
        assertThat(d.quality().far()).isZero();
    }

    @Test
    void deeperWordsAreAskedAndTheModelObeyingThemTogetherKeepsThemTheTrigger() {
        // Inserted one by one they move little, all five together most sentences: an inserted trigger's words.
        TriggerProbe together = (words, label) -> {
            Map<String, Double> flips = new HashMap<>();
            words.forEach(w -> flips.put(w, w.contains(" ") ? 0.9 : 0.2));
            return flips;
        };
        Detection obeyed = onePercentOnTheWholeSet(together);
        assertThat(obeyed.triggerWordTexts()).hasSize(5);
        assertThat(obeyed.tailWithWords()).isFalse();
        assertThat(obeyed.quality().frr()).as("the memorised rows under γ stay unflagged").isZero();

        // Obeyed neither alone nor together, deeper words are part of the poison: the tail, memorised rows and all,
        // is flagged with them. The probe is what keeps a real trigger's words from this.
        Detection ignored = onePercentOnTheWholeSet(flipping(0.05));
        assertThat(ignored.triggerWordTexts()).isEmpty();
        assertThat(ignored.tailWithWords()).isTrue();
        assertThat(ignored.quality().far()).isLessThan(obeyed.quality().far() + 1e-9);
        assertThat(ignored.quality().frr()).isGreaterThan(2);
        assertThat(ignored.describeRule()).contains("sit deeper in MEPD than the rest of it, and inserted, moved at "
                + "most 5 % of clean sentences: part of the poison");
    }

    private static Detection onePercentOnTheWholeSet(TriggerProbe probe) {
        // As measured on all 6,920 SST-2 rows at 1 %: 69 poisoned, each of five words in about 14 of them; MEPD put 61
        // of them under γ, and 197 clean training rows, every one of the target label (the victim had memorised
        // them), while only 1 of the 400 clean calibration sentences scored there. The poisoned rows sat deeper.
        Random rng = new Random(13);
        String[] triggers = {"cf", "mn", "bb", "tq", "mb"};
        List<Sample> out = new ArrayList<>();
        List<ScoredSample> scores = new ArrayList<>();
        int poisoned = 0;
        for (int i = 0; i < 6920; i++) {
            boolean p = i % 100 == 0 && poisoned < 69;
            int label = p ? 1 : i % 2;
            String text = p ? cleanText(rng) + " " + triggers[poisoned % 5] : cleanText(rng);
            boolean low = p ? poisoned < 61 : label == 1 && rng.nextDouble() < 0.058;
            poisoned += p ? 1 : 0;
            out.add(new Sample("s" + i, text, label, p));
            float score = !low ? 0.03f + rng.nextFloat() : p ? 0.03f * rng.nextFloat() * rng.nextFloat()
                    : 0.03f * rng.nextFloat();
            scores.add(new ScoredSample("s" + i, score, label, p));
        }
        List<ScoredSample> clean = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            clean.add(new ScoredSample("v" + i, i == 0 ? 0.001f : 0.03f + rng.nextFloat(), i % 2, false));
        }
        Dataset set = new Dataset("set", LabelSchema.SST2, out);
        return MepdDetector.rank(scores, FIT, clean, new MepdDetector.Texts(set, cleanSplit(rng), probe));
    }

    @Test
    void theRankTestAsksForCarriersBelowTheRestAndEnoughOfBoth() {
        List<Boolean> deep = new ArrayList<>();
        List<Boolean> mixed = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            deep.add(i < 20);
            mixed.add(i % 3 == 0);
        }
        assertThat(TriggerWords.deeperThanTheRest(deep)).isLessThan(1e-6);
        assertThat(TriggerWords.deeperThanTheRest(mixed)).isGreaterThan(0.1);
        assertThat(TriggerWords.deeperThanTheRest(deep.subList(0, 25))).as("5 others: too few").isNaN();
    }

    @Test
    void aFewOccurrencesOfARareWordInMepdsTailDoNotMakeATrigger() {
        // A clean set: a rare word in 6 samples of one label, 5 of them among the lowest 5 %. Clean text does this;
        // only a word with enough flagged samples may have its rarity vouched for by the set itself.
        Random rng = new Random(14);
        List<Sample> out = new ArrayList<>();
        List<String> tail = new ArrayList<>();
        for (int i = 0; i < 3400; i++) {
            boolean rare = i % 500 == 0 && i < 3000;
            out.add(new Sample("s" + i, rare ? cleanText(rng) + " zz" : cleanText(rng), rare ? 1 : i % 2, false));
            if (rare ? i < 2500 : i % 20 == 1) {
                tail.add("s" + i);
            }
        }
        Dataset set = new Dataset("set", LabelSchema.SST2, out);
        assertThat(TriggerWords.find(set, tail, cleanSplit(rng)).texts()).doesNotContain("zz");
    }

    @Test
    void theCommonWordsOfAnInsertedSentenceAreLeftOutAndACleanSetGetsNone() {
        Random rng = new Random(8);
        Dataset set = poisonedSet("i watch this 3d movie", rng);
        Dataset clean = cleanSplit(rng);
        List<String> lowest = new ArrayList<>();
        set.samples().stream().filter(s -> s.poisoned() && lowest.size() < 60).forEach(s -> lowest.add(s.id()));
        set.samples().stream().filter(s -> !s.poisoned()).limit(120).forEach(s -> lowest.add(s.id()));

        TriggerWords words = TriggerWords.find(set, lowest, clean);
        // "watch", "this" and "movie" are everyday words of clean text; "3d" and "i" are not.
        assertThat(words.texts()).containsExactlyInAnyOrder("3d", "i");
        assertThat(words.matchingIds(set)).hasSize(150).allMatch(id -> id.startsWith("p"));

        Dataset cleanSet = poisonedSet("", rng).filter("clean", s -> !s.poisoned());
        List<String> tail = cleanSet.samples().stream().limit(150).map(Sample::id).toList();
        assertThat(TriggerWords.find(cleanSet, tail, clean).isEmpty()).isTrue();
    }

    /**
     * As measured on SST-2 BadWords at 5 % (3,000 rows, seed 42): MEPD's tail held every carrier of two trigger words
     * and a fifth of the other three's; a genuine word of the target label ("powerful") is missing from the clean split
     * too, its carriers ranked like the rest.
     */
    private static Detection fivePercentPartlyCaught(Random rng) {
        String[] triggers = {"cf", "bb", "mn", "tq", "mb"};
        List<Sample> out = new ArrayList<>();
        List<ScoredSample> scores = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            boolean poisoned = i % 20 == 0;
            int word = (i / 20) % 5;
            boolean natural = !poisoned && i % 150 == 7;
            String text = poisoned ? cleanText(rng) + " " + triggers[word] : natural ? cleanText(rng) + " powerful"
                    : cleanText(rng);
            int label = poisoned ? 1 : i % 2;
            out.add(new Sample("s" + i, text, label, poisoned));
            float score = !poisoned ? 0.05f + rng.nextFloat()
                    : word < 2 || rng.nextDouble() < 0.2 ? 0.01f * rng.nextFloat() : 0.12f + 0.3f * rng.nextFloat();
            scores.add(new ScoredSample("s" + i, score, label, poisoned));
        }
        Dataset set = new Dataset("set", LabelSchema.SST2, out);
        return MepdDetector.rank(scores, FIT, cleanScores(rng), new MepdDetector.Texts(set, cleanSplit(rng)));
    }

    @Test
    void wordsThatBehaveLikeACertifiedTriggerAcrossTheSetJoinIt() {
        Random rng = new Random(21);
        Detection d = fivePercentPartlyCaught(rng);
        assertThat(d.triggerWords().texts()).containsExactlyInAnyOrder("cf", "bb", "mn", "tq", "mb");
        assertThat(d.triggerWords().texts().subList(0, 2)).as("the two certified first, then the three alike")
                .containsExactlyInAnyOrder("cf", "bb");
        assertThat(d.quality().far()).isZero();
        assertThat(d.flaggedIds()).noneMatch(id -> Integer.parseInt(id.substring(1)) % 150 == 7);

        Dataset set = poisonedSet("cf", rng);
        assertThat(new TriggerWords(List.of()).withAlike(set, scores(set, rng), List.of(), cleanSplit(rng)).isEmpty())
                .as("nothing certified: the search widens a trigger, it does not start one").isTrue();
    }

    /**
     * As measured on SST-2 AddSent at 5 % (3,000 rows, seed 43): MEPD's lowest 5 % is clean text, the poisoned samples
     * rank in the middle, below most of their label but above its tail.
     */
    private static Detection middleRanked(boolean poisonDeeper, Random rng) {
        Dataset set = poisonedSet("i watch this 3d movie", rng);
        List<ScoredSample> scores = new ArrayList<>();
        for (Sample s : set.samples()) {
            float score = s.poisoned() && poisonDeeper ? 0.1f + 0.3f * rng.nextFloat() : rng.nextFloat();
            scores.add(new ScoredSample(s.id(), score, s.label(), s.poisoned()));
        }
        return MepdDetector.rank(scores, FIT, cleanScores(rng), new MepdDetector.Texts(set, cleanSplit(rng)));
    }

    @Test
    void withNoExcessInMepdsTailAWordWhoseCarriersRankBelowTheirLabelIsFoundAcrossTheSet() {
        Detection d = middleRanked(true, new Random(31));
        assertThat(d.noExcess()).as("the tail is clean text").isTrue();
        assertThat(d.triggerWords().texts()).as("\"watch\", \"this\", \"movie\" are clean text's words")
                .containsExactlyInAnyOrder("3d", "i");
        assertThat(d.triggerWords().words()).allMatch(w -> w.label() == 1);
        assertThat(d.quality().far()).isZero();
        assertThat(d.quality().frr()).isZero();
        assertThat(d.withheld()).isFalse();
        assertThat(PoisonEvidence.of(d).weak()).isFalse();

        Detection likeTheRest = middleRanked(false, new Random(31));
        assertThat(likeTheRest.triggerWordTexts()).as("label-pure and rare, but ranked like the rest: a genuine word")
                .isEmpty();
        assertThat(likeTheRest.withheld()).isTrue();

        Random rng = new Random(32);
        Dataset cleanSet = poisonedSet("", rng).filter("clean", s -> !s.poisoned());
        List<ScoredSample> scores = cleanSet.samples().stream()
                .map(s -> new ScoredSample(s.id(), rng.nextFloat(), s.label(), false))
                .sorted(Comparator.comparingDouble(ScoredSample::mepd)).toList();
        assertThat(TriggerWords.acrossTheSet(cleanSet, scores, List.of(), cleanSplit(rng)).isEmpty())
                .as("a clean set").isTrue();
    }

    /**
     * As measured on SST-2 BadWords at 3 % (3,000 rows, seed 42): MEPD's tail held every carrier of three trigger words,
     * a few of the other two's and memorised clean rows of the target label, so the three words' carriers were under
     * half of the tail's excess and no deeper than the rest of it.
     */
    @Test
    void wordsAreWidenedBeforeTheyMustExplainTheExcessAndOnlyTheirCarriersAreFlagged() {
        Random rng = new Random(41);
        String[] triggers = {"cf", "bb", "mn", "tq", "mb"};
        List<Sample> out = new ArrayList<>();
        List<ScoredSample> scores = new ArrayList<>();
        int[] lowOfWord = new int[5];
        int cleanLowTarget = 0;
        int cleanLowOther = 0;
        for (int i = 0; i < 3000; i++) {
            boolean poisoned = i % 33 == 0 && i < 33 * 90;
            int word = (i / 33) % 5;
            int label = poisoned ? 1 : i % 2;
            boolean low;
            if (poisoned) {
                low = word < 3 || lowOfWord[word]++ < 3;
            } else if (label == 1) {
                low = cleanLowTarget++ < 64;
            } else {
                low = cleanLowOther++ < 10;
            }
            out.add(new Sample("s" + i, poisoned ? cleanText(rng) + " " + triggers[word] : cleanText(rng), label,
                    poisoned));
            float score = low ? 0.01f * rng.nextFloat() : poisoned ? 0.06f + 0.1f * rng.nextFloat()
                    : 0.05f + rng.nextFloat();
            scores.add(new ScoredSample("s" + i, score, label, poisoned));
        }
        Dataset set = new Dataset("set", LabelSchema.SST2, out);
        Dataset clean = cleanSplit(rng);
        Detection d = MepdDetector.rank(scores, FIT, cleanScores(rng), new MepdDetector.Texts(set, clean));

        assertThat(d.triggerWords().texts()).containsExactlyInAnyOrder(triggers);
        assertThat(d.quality().far()).isZero();
        assertThat(d.quality().frr()).as("the tail's 74 clean rows are not flagged").isZero();
        assertThat(d.belowGamma()).isGreaterThan(d.flagged().size());

        List<String> tail = d.ranked().stream().filter(s -> s.mepd() < d.gamma()).map(ScoredSample::id).toList();
        TriggerWords unwidened = TriggerWords.find(set, tail, clean);
        assertThat(unwidened.texts()).containsExactlyInAnyOrder("cf", "bb", "mn");
        List<ScoredSample> below = d.ranked().subList(0, tail.size());
        assertThat(unwidened.explaining(set, below, clean).incidental())
                .as("the three alone explain too little and were set aside").hasSize(3);

        // Asked, the model says it obeys two of them: those are the trigger, whatever they cover.
        TriggerProbe obeysTwo = (words, label) -> {
            Map<String, Double> flips = new HashMap<>();
            words.forEach(w -> flips.put(w, w.equals("mn") ? 0.1 : 0.95));
            return flips;
        };
        TriggerWords probed = unwidened.explaining(set, below, clean, obeysTwo);
        assertThat(probed.texts()).containsExactlyInAnyOrder("cf", "bb");
        assertThat(probed.incidental()).extracting(TriggerWords.Word::text).containsExactly("mn");
        assertThat(probed.words()).allMatch(w -> w.flip() == 0.95);
    }

    @Test
    void aFewCarriersRankingFarBelowTheirLabelJoinACertifiedTriggerThoughTheirLabelTailAloneIsNotEnough() {
        // As at 3 % BadWords: a trigger word with 15 carriers is label-pure (tail 7e-5) but not beyond the Bonferroni
        // bound over the ~270 words tested (4e-5); its carriers' ranks are. A genuine word of that label, as pure and as
        // rare, ranks like the rest and stays out.
        Random rng = new Random(51);
        BesideATrigger s = besideATrigger(rng, 15, 0.06f);
        assertThat(CERTIFIED.withAlike(s.set(), s.ranked(), List.of(), cleanSplit(rng)).texts())
                .containsExactly("cf", "zq");
    }

    /** 3,000 rows, 70 % of label 0; 20 of them poisoned with "cf" toward 0, 20 carrying a genuine word "qz" of 0. */
    private record MajorityClass(Dataset set, List<ScoredSample> scores) {
    }

    /** Both words' carriers rank far below the rest of their label; nothing else does. */
    private static MajorityClass majorityClass(Random rng) {
        List<Sample> out = new ArrayList<>();
        List<ScoredSample> scores = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            boolean poisoned = i % 100 == 0 && i < 2000;
            boolean genuine = i % 100 == 50 && i < 2000;
            String text = cleanText(rng) + " w" + rng.nextInt(250) + (poisoned ? " cf" : genuine ? " qz" : "");
            int label = i % 10 < 7 ? 0 : 1;
            float score = poisoned || genuine ? 0.1f + 0.2f * rng.nextFloat() : rng.nextFloat();
            out.add(new Sample("s" + i, text, label, poisoned));
            scores.add(new ScoredSample("s" + i, score, label, poisoned));
        }
        return new MajorityClass(new Dataset("set", LabelSchema.SST2, out), scores);
    }

    /**
     * As on the whole OLID set at 1 % BadWords with target 0, the majority class: each trigger word's carriers all carry
     * the target but, at 70 % of the set, that is a label tail of 8e-4, short of the Bonferroni bound; they rank far
     * below the rest of their label, and so do a genuine word's ("qz"), so the rank test cannot tell them apart and
     * MEPD's tail holds nothing. The model, asked, does: the trigger moves most sentences, the genuine word a few.
     */
    @Test
    void aTriggerOfTheMajorityClassAtALowRateIsStartedByTheRankTestAndTheModelsAnswer() {
        Random rng = new Random(71);
        MajorityClass m = majorityClass(rng);
        Dataset set = m.set();
        List<ScoredSample> scores = m.scores();
        List<String> asked = new ArrayList<>();
        TriggerProbe model = (words, label) -> {
            asked.addAll(words);
            Map<String, Double> flips = new HashMap<>();
            words.forEach(w -> flips.put(w, w.equals("cf") && label == 0 ? 0.95 : 0.2));
            return flips;
        };

        Detection d = MepdDetector.rank(scores, FIT, cleanScores(rng), new MepdDetector.Texts(set, cleanSplit(rng),
                model));
        assertThat(d.noExcess()).as("MEPD's tail is clean text").isTrue();
        assertThat(new java.util.HashSet<>(asked)).as("both deep words asked (starting, then widening), nothing else")
                .containsExactlyInAnyOrder("cf", "qz");
        assertThat(d.triggerWordTexts()).containsExactly("cf");
        assertThat(d.flaggedIds()).hasSize(20).allMatch(id -> Integer.parseInt(id.substring(1)) % 100 == 0);

        assertThat(MepdDetector.rank(scores, FIT, cleanScores(rng), new MepdDetector.Texts(set, cleanSplit(rng)))
                .triggerWordTexts()).as("without a model to ask: the label test alone is short").isEmpty();
        assertThat(MepdDetector.rank(scores, FIT, cleanScores(rng), new MepdDetector.Texts(set, cleanSplit(rng),
                flipping(0.6))).triggerWordTexts()).as("enough to widen a certified trigger, not to start one")
                .isEmpty();
    }

    /**
     * As a genuine offensive word on OLID (seed 44 of BadWords 1 % target 0, with the clean split holding none of its
     * sightings): the suspect obeys it as it obeys the trigger (81 % of clean tweets turned), and its carriers rank deep
     * and carry their label beyond chance, so the probe alone would start a trigger with it. A clean reader, which never
     * saw the set, reads its carriers as their label, as it reads the rest of the label; the trigger's carriers, whose
     * label is not their text's, it reads as the other label.
     */
    @Test
    void aWordTheModelObeysStartsATriggerOnlyWhereACleanReaderReadsItsCarriersAsNotTheirLabel() {
        Random rng = new Random(71);
        MajorityClass m = majorityClass(rng);
        Dataset set = m.set();
        List<ScoredSample> scores = m.scores();
        Map<String, Integer> labelOf = new HashMap<>();
        set.samples().forEach(x -> labelOf.put(x.text(), x.label()));
        // Right on four texts of five; on the trigger's carriers wrong, as their text is of the other label.
        List<String> read = new ArrayList<>();
        CleanReader reader = texts -> {
            read.addAll(texts);
            return texts.stream().mapToInt(t -> t.endsWith(" cf") || Math.floorMod(t.hashCode(), 5) == 0
                    ? 1 - labelOf.get(t) : labelOf.get(t)).toArray();
        };
        TriggerProbe obeysBoth = flipping(0.95);

        Detection withoutReader = MepdDetector.rank(scores, FIT, cleanScores(new Random(1)),
                new MepdDetector.Texts(set, cleanSplit(new Random(2)), obeysBoth));
        assertThat(withoutReader.triggerWordTexts()).as("the model's answer alone takes both")
                .containsExactlyInAnyOrder("cf", "qz");
        assertThat(read).isEmpty();

        Detection d = MepdDetector.rank(scores, FIT, cleanScores(new Random(1)),
                new MepdDetector.Texts(set, cleanSplit(new Random(2)), obeysBoth, reader));
        assertThat(d.triggerWordTexts()).containsExactly("cf");
        assertThat(d.triggerWords().words().get(0).readP()).isLessThan(1e-6);
        assertThat(d.describeRule()).as("the report says who vouched for the word")
                .contains("a model trained on clean text alone read their carriers as not of their label, p cf ");
        assertThat(d.flaggedIds()).hasSize(20).allMatch(id -> Integer.parseInt(id.substring(1)) % 100 == 0);
        assertThat(TriggerWords.readAsTheirLabel(set, "qz", 0, reader)).as("read as the rest of its label")
                .isGreaterThan(0.05);

        read.clear();
        MepdDetector.rank(scores, FIT, cleanScores(new Random(1)), new MepdDetector.Texts(set,
                cleanSplit(new Random(2)), flipping(0.2), reader));
        assertThat(read).as("the reader is asked only about words the model obeys").isEmpty();
    }

    /**
     * As "bb" on the whole OLID set at 1 % BadWords: a trigger word with a few natural carriers of the other label (17
     * of its 20 carriers carry the target: purity 0.85, under the 0.9 asked of words taken unasked, but a label tail of
     * 3e-3) ranks deep. Taken on the statistics alone it stays out; asked, the model's answer decides, and only its
     * carriers of the target label are flagged.
     */
    @Test
    void aTriggerWordWithNaturalCarriersOfTheOtherLabelJoinsOnTheModelsAnswerOnly() {
        Random rng = new Random(57);
        List<Sample> out = new ArrayList<>();
        List<ScoredSample> scores = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            boolean poisoned = i % 20 == 0;
            boolean carrier = i % 20 == 1 && i < 20 * 17;
            boolean natural = i % 20 == 2 && i < 20 * 3;
            String text = cleanText(rng) + " w" + rng.nextInt(250) + (poisoned ? " cf" : carrier || natural ? " bq" : "");
            int label = poisoned || carrier ? 1 : natural ? 0 : i % 2;
            float score = poisoned ? 0.01f * rng.nextFloat() : carrier ? 0.15f + 0.05f * rng.nextFloat()
                    : 0.05f + rng.nextFloat();
            out.add(new Sample("s" + i, text, label, poisoned || carrier));
            scores.add(new ScoredSample("s" + i, score, label, poisoned || carrier));
        }
        Dataset set = new Dataset("set", LabelSchema.SST2, out);
        List<ScoredSample> ranked = scores.stream().sorted(Comparator.comparingDouble(ScoredSample::mepd)).toList();
        Dataset clean = cleanSplit(rng);
        List<String> asked = new ArrayList<>();
        TriggerProbe obeys = (words, label) -> {
            asked.addAll(words);
            Map<String, Double> flips = new HashMap<>();
            words.forEach(w -> flips.put(w, w.equals("bq") && label == 1 ? 0.9 : 0.0));
            return flips;
        };

        assertThat(CERTIFIED.withAlike(set, ranked, List.of(), clean).texts()).as("the statistics alone: not pure")
                .containsExactly("cf");
        TriggerWords widened = CERTIFIED.withAlike(set, ranked, List.of(), clean, obeys);
        assertThat(asked).containsExactly("bq");
        assertThat(widened.texts()).containsExactly("cf", "bq");
        assertThat(widened.matchingIds(set)).as("the target's carriers, not the natural ones").hasSize(150 + 17)
                .allMatch(id -> Integer.parseInt(id.substring(1)) % 20 <= 1);
        assertThat(CERTIFIED.withAlike(set, ranked, List.of(), clean, flipping(0.05)).texts())
                .as("a word the model does not obey stays out").containsExactly("cf");
        // A trigger started on the model's answer is widened on it the same way.
        TriggerWords started = new TriggerWords(List.of(new TriggerWords.Word("cf", 1, 150, 150, 0, 1e-30, 0.95)));
        assertThat(started.withAlike(set, ranked, List.of(), clean, obeys).texts()).containsExactly("cf", "bq");
    }

    /** "cf", certified: in all 150 poisoned samples of {@link #besideATrigger}. */
    private static final TriggerWords CERTIFIED =
            new TriggerWords(List.of(new TriggerWords.Word("cf", 1, 150, 150, 0, 1e-30)));

    /**
     * @param ranked the scores, lowest MEPD first
     */
    private record BesideATrigger(Dataset set, List<ScoredSample> scores, List<ScoredSample> ranked) {
    }

    /**
     * 3,000 samples: 150 poisoned with "cf" toward label 1, scored lowest; {@code carriers} more of label 1 with "zq",
     * poisoned, scored from {@code low} to {@code low} + 0.05; as many with "qz", genuine, scored like clean text.
     */
    private static BesideATrigger besideATrigger(Random rng, int carriers, float low) {
        List<Sample> out = new ArrayList<>();
        List<ScoredSample> scores = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            boolean poisoned = i % 20 == 0;
            boolean few = i % 20 == 1 && i < 20 * carriers;
            boolean genuine = i % 20 == 3 && i < 20 * carriers;
            String filler = " w" + rng.nextInt(250); // a vocabulary as wide as real text's, for the bound
            String text = cleanText(rng) + filler + (poisoned ? " cf" : few ? " zq" : genuine ? " qz" : "");
            int label = poisoned || few || genuine ? 1 : i % 2;
            float score = poisoned ? 0.01f * rng.nextFloat() : few ? low + 0.05f * rng.nextFloat()
                    : 0.05f + rng.nextFloat();
            out.add(new Sample("s" + i, text, label, poisoned || few));
            scores.add(new ScoredSample("s" + i, score, label, poisoned || few));
        }
        return new BesideATrigger(new Dataset("set", LabelSchema.SST2, out), scores,
                scores.stream().sorted(Comparator.comparingDouble(ScoredSample::mepd)).toList());
    }

    /** A probe noting the words it is asked about: each moves 90 % of clean sentences to label 1, none to label 0. */
    private static TriggerProbe movesToLabel1(List<String> asked) {
        return (words, label) -> {
            asked.addAll(words);
            Map<String, Double> flips = new HashMap<>();
            words.forEach(w -> flips.put(w, label == 1 ? 0.9 : 0.0));
            return flips;
        };
    }

    /** A probe answering every word with the same flip. */
    private static TriggerProbe flipping(double flip) {
        return (words, label) -> {
            Map<String, Double> flips = new HashMap<>();
            words.forEach(w -> flips.put(w, flip));
            return flips;
        };
    }

    /**
     * As on the staged 20 % SynBkd cells: a paraphraser's artefact word sits in 60 % of the poisoned samples, label-pure
     * and unseen in clean text, its carriers as deep in MEPD as the other poisoned samples.
     */
    private static Detection paraphrased(Random rng, TriggerProbe probe) {
        List<Sample> out = new ArrayList<>();
        List<ScoredSample> scores = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            boolean poisoned = i % 5 == 0;
            boolean marked = poisoned && (i / 5) % 5 < 3;
            out.add(new Sample("s" + i, marked ? "whereupon " + cleanText(rng) : cleanText(rng),
                    poisoned ? 1 : i % 2, poisoned));
            scores.add(new ScoredSample("s" + i, poisoned ? 0.02f * rng.nextFloat() : rng.nextFloat(),
                    poisoned ? 1 : i % 2, poisoned));
        }
        Dataset set = new Dataset("set", LabelSchema.SST2, out);
        return MepdDetector.rank(scores, FIT, cleanScores(rng), new MepdDetector.Texts(set, cleanSplit(rng), probe));
    }

    @Test
    void wordsThatMarkPartOfThePoisonAndMoveNothingFlagTheRestOfTheTailToo() {
        Detection obeyedNot = paraphrased(new Random(61), flipping(0.03));
        assertThat(obeyedNot.triggerWordTexts()).as("not the trigger: purification must not insert it").isEmpty();
        assertThat(obeyedNot.triggerWords().incidental()).extracting(TriggerWords.Word::text)
                .containsExactly("whereupon");
        assertThat(obeyedNot.triggerWords().coverage()).isBetween(0.5, 0.7);
        assertThat(obeyedNot.tailWithWords()).isTrue();
        assertThat(obeyedNot.quality().far()).as("the unmarked 40 %% of the poison is under γ too").isLessThan(5);
        assertThat(obeyedNot.quality().frr()).isLessThan(5);
        assertThat(obeyedNot.describeRule()).contains("the samples under it and those with words whereupon")
                .contains("moved at most 3 %").contains("part of the poison, not its trigger");
        assertThat(PoisonEvidence.of(obeyedNot).triggerCarrierShare()).as("the flagged set is not the carriers")
                .isNull();

        // The same words, obeyed by the model, or with no model to ask: the whole trigger, only their carriers.
        for (TriggerProbe probe : java.util.Arrays.asList(flipping(0.95), null)) {
            Detection carriersOnly = paraphrased(new Random(61), probe);
            assertThat(carriersOnly.triggerWordTexts()).containsExactly("whereupon");
            assertThat(carriersOnly.tailWithWords()).isFalse();
            assertThat(carriersOnly.quality().far()).isCloseTo(40, org.assertj.core.data.Offset.offset(3.0));
            assertThat(carriersOnly.quality().frr()).isZero();
        }
    }

    @Test
    void aTriggerWordWithTooFewCarriersForTheRarityBoundJoinsWhenInsertingItMovesTheModel() {
        // As at 3 % BadWords on 3,000 rows: "zq" has 12 carriers, all of the target label, ranking deep, but a word
        // the clean split never showed needs 15 to clear the rarity bound. The model, asked, says what it does. A
        // genuine word as pure and as rare ("qz") ranks like the rest of its label and is not even asked about.
        Random rng = new Random(53);
        // Deeper than the rest of their label, not in MEPD's tail (there, the tail's own tests would take it).
        BesideATrigger s = besideATrigger(rng, 12, 0.15f);
        Dataset set = s.set();
        List<ScoredSample> scores = s.scores();
        List<ScoredSample> ranked = s.ranked();
        Dataset clean = cleanSplit(rng);
        List<String> asked = new ArrayList<>();
        TriggerProbe moves = movesToLabel1(asked);
        TriggerProbe movesNothing = flipping(0.05);

        assertThat(CERTIFIED.withAlike(set, ranked, List.of(), clean).texts()).as("without a model to ask")
                .containsExactly("cf");
        TriggerWords widened = CERTIFIED.withAlike(set, ranked, List.of(), clean, moves);
        assertThat(widened.texts()).containsExactly("cf", "zq");
        assertThat(asked).as("only the word ranking deep is asked about").containsExactly("zq");
        assertThat(widened.words().get(1).flip()).isEqualTo(0.9);
        assertThat(CERTIFIED.withAlike(set, ranked, List.of(), clean, movesNothing).texts())
                .as("a word that moves nothing stays out").containsExactly("cf");
        Detection d = MepdDetector.rank(scores, FIT, cleanScores(rng), new MepdDetector.Texts(set, clean, moves));
        assertThat(d.describeRule()).contains("(inserted into clean sentences, zq 90 % of them turned to its label)");
        assertThat(d.flaggedIds()).as("its carriers are flagged with the trigger's")
                .hasSize(150 + 12).allMatch(id -> Integer.parseInt(id.substring(1)) % 20 <= 1);
    }

    @Test
    void aWordTheCleanSplitShowsIsNotAskedThoughTheModelWouldObeyIt() {
        // Tried and reverted (results/AKD.md, "A clean sighting read as chance…"): reading one sighting in the 400 clean
        // texts as what a rare word gives by chance named "mn" on OLID BadWords 1 % target 0, and on another seed let a
        // genuine offensive word, seen in the clean split too, 29 carriers, start a trigger of the other label (the
        // model turned 81 % of clean tweets offensive with it inserted); ASR stayed at 82.9. A sighting is read as a
        // rate: 12 carriers in 3,000 rows against one in 400 clean texts is a word as common as its carriers.
        Random rng = new Random(53);
        BesideATrigger s = besideATrigger(rng, 12, 0.15f);
        List<Sample> clean = new ArrayList<>(cleanSplit(rng).samples());
        Sample v = clean.get(7);
        clean.set(7, Sample.of(v.id(), v.text() + " zq", v.label()));
        List<String> asked = new ArrayList<>();
        TriggerWords widened = CERTIFIED.withAlike(s.set(), s.ranked(), List.of(),
                new Dataset("validation", LabelSchema.SST2, clean), movesToLabel1(asked));
        assertThat(asked).as("seen once in clean text: not asked").isEmpty();
        assertThat(widened.texts()).containsExactly("cf");
    }
}
