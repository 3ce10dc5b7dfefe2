package org.bedkd.defense;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.bedkd.DemoVictim;
import org.bedkd.data.Dataset;
import org.bedkd.data.LabelSchema;
import org.bedkd.data.Sample;
import org.bedkd.data.Splits;
import org.bedkd.defense.mepd.CleanReader;
import org.bedkd.defense.mepd.Detection;
import org.bedkd.defense.mepd.FlagSize;
import org.bedkd.defense.mepd.GammaRule;
import org.bedkd.defense.mepd.MepdConfig;
import org.bedkd.defense.mepd.MepdDetector;
import org.bedkd.defense.mepd.PoisonEvidence;
import org.bedkd.defense.mepd.ScoredSample;
import org.bedkd.defense.mepd.TailCheck;
import org.bedkd.model.Precision;
import org.bedkd.pipeline.ModelSpec;
import org.bedkd.pipeline.Progress;
import org.bedkd.pipeline.VictimConfig;
import org.bedkd.pipeline.VictimTrainer;
import org.junit.jupiter.api.Test;

/**
 * A flagged MEPD tail without trigger words is flagged only where its labels are a rule a model learns from half of
 * it and applies to the other half (poison), not rows the suspect memorised (a clean OLID set read as 6.7 % poisoned:
 * results/AKD.md, "Clean cells").
 */
class TailCheckTest {

    private static final MepdConfig FIT = new MepdConfig(GammaRule.cleanQuantile(0.05f), 0, 64, FlagSize.FIT);

    private static final String[] VOCABULARY = {"the", "film", "movie", "this", "plot", "acting", "great", "dull",
        "story", "cast", "was", "and", "watch", "scenes", "music", "ending", "a", "bit", "long", "funny"};

    /** 3,000 texts of common words (no word can mark anything); rows 0, 5, 10, … score in a band of the clean tail. */
    private record Tail(Dataset set, List<ScoredSample> scores, List<ScoredSample> cleanScores, Dataset clean) {
    }

    private static Tail tail(Random rng) {
        List<Sample> samples = new ArrayList<>();
        List<ScoredSample> scores = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 8; w++) {
                text.append(VOCABULARY[rng.nextInt(VOCABULARY.length)]).append(' ');
            }
            text.append(i); // distinct texts
            int label = i % 2;
            samples.add(Sample.of("s" + i, text.toString(), label));
            boolean low = i % 5 == 0;
            scores.add(new ScoredSample("s" + i, low ? 0.05f + 0.1f * rng.nextFloat() : rng.nextFloat(), label, false));
        }
        List<ScoredSample> cleanScores = new ArrayList<>();
        List<Sample> clean = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            cleanScores.add(new ScoredSample("v" + i, rng.nextFloat(), i % 2, false));
            clean.add(Sample.of("v" + i, "the film was " + i, i % 2));
        }
        return new Tail(new Dataset("set", LabelSchema.SST2, samples), scores, cleanScores,
                new Dataset("validation", LabelSchema.SST2, clean));
    }

    /** What a reader taught half of the tail learns of the other half. */
    private enum Taught {
        /** Nothing: memorised rows whose labels follow no rule. */
        NOTHING,
        /** Label 1's rows: a dirty-label poison toward label 1. */
        TARGET,
        /** Every label's rows alike: memorised label noise with a structure, which a dirty-label poison is not. */
        EVERY_LABEL
    }

    /**
     * A reader that doubts the label of every low-scoring row (as a clean reader doubts a memorised tail of label
     * noise, or a poison's) and, taught half of the tail, learns what {@code taught} says.
     */
    private static CleanReader reader(Dataset set, Taught taught, AtomicInteger taughtCalls) {
        Map<String, Integer> doubted = new HashMap<>();
        Map<String, Integer> labelOf = new HashMap<>();
        for (Sample s : set.samples()) {
            int i = Integer.parseInt(s.id().substring(1));
            labelOf.put(s.text(), s.label());
            doubted.put(s.text(), i % 5 == 0 ? 1 - s.label() : s.label());
        }
        return new CleanReader() {
            @Override
            public int[] read(List<String> texts) {
                return texts.stream().mapToInt(doubted::get).toArray();
            }

            @Override
            public int[] readTaught(List<Sample> rows, List<String> texts) {
                taughtCalls.incrementAndGet();
                return texts.stream().mapToInt(t -> taught == Taught.EVERY_LABEL
                        || taught == Taught.TARGET && labelOf.get(t) == 1 ? labelOf.get(t) : doubted.get(t)).toArray();
            }
        };
    }

    @Test
    void aTailWhoseLabelsNoTaughtReaderLearnsIsNotFlaggedAndTheEvidenceSaysNoPoisonIsShown() {
        Tail t = tail(new Random(5));
        AtomicInteger taught = new AtomicInteger();
        Detection d = MepdDetector.rank(t.scores(), FIT, t.cleanScores(),
                new MepdDetector.Texts(t.set(), t.clean(), null, reader(t.set(), Taught.NOTHING, taught)));

        assertThat(d.noExcess()).as("the tail shows an excess").isFalse();
        assertThat(d.triggerWordTexts()).isEmpty();
        assertThat(taught).as("one reader per fold for the whole tail, and again for the labels' tails").hasValue(4);
        assertThat(d.memorisedTail()).isTrue();
        assertThat(d.flagged()).isEmpty();
        assertThat(d.withheld()).isTrue();
        assertThat(d.describeRule()).contains("no label's rows carry from one half to the other")
                .contains("memorised").contains("the tail is not flagged");
        PoisonEvidence e = PoisonEvidence.of(d);
        assertThat(e.weak()).isTrue();
        assertThat(e.estimatedPoisonShare()).isZero();
        assertThat(e.describe()).contains("no poison shown");

        Detection withoutReader = MepdDetector.rank(t.scores(), FIT, t.cleanScores(),
                new MepdDetector.Texts(t.set(), t.clean()));
        assertThat(withoutReader.tailCheck()).as("nothing to teach: not checked").isNull();
        assertThat(withoutReader.flagged()).hasSize(withoutReader.belowGamma()).isNotEmpty();

        AtomicInteger read = new AtomicInteger();
        CleanReader untaught = texts -> {
            read.incrementAndGet();
            return new int[texts.size()];
        };
        Detection notTeachable = MepdDetector.rank(t.scores(), FIT, t.cleanScores(),
                new MepdDetector.Texts(t.set(), t.clean(), null, untaught));
        assertThat(notTeachable.tailCheck()).as("a reader that cannot be taught: not checked").isNull();
        assertThat(notTeachable.flagged()).hasSize(notTeachable.belowGamma());
        assertThat(read).as("nor asked to read").hasValue(0);
    }

    @Test
    void aTailWhoseLabelsATaughtReaderLearnsIsFlagged() {
        Tail t = tail(new Random(5));
        Detection d = MepdDetector.rank(t.scores(), FIT, t.cleanScores(),
                new MepdDetector.Texts(t.set(), t.clean(), null, reader(t.set(), Taught.TARGET, new AtomicInteger())));

        assertThat(d.memorisedTail()).isFalse();
        assertThat(d.tailCheck().learnable()).isTrue();
        assertThat(d.flagged()).hasSize(d.belowGamma());
        assertThat(d.flaggedIds()).filteredOn(id -> Integer.parseInt(id.substring(1)) % 5 == 0)
                .hasSizeGreaterThan(500);
        assertThat(d.describeRule()).contains("one label's rows carry from one half to the other");
        assertThat(PoisonEvidence.of(d).weak()).isFalse();
    }

    /**
     * As the clean OLID set on the whole set with a 5-epoch victim (seed 43): its memorised tail taught readers
     * something of both labels (shares 0.48 and 0.39), which no dirty-label poison does.
     */
    @Test
    void aTailWhoseEveryLabelIsLearnedAlikeIsMemorisedNoise() {
        Tail t = tail(new Random(5));
        Detection d = MepdDetector.rank(t.scores(), FIT, t.cleanScores(), new MepdDetector.Texts(t.set(), t.clean(),
                null, reader(t.set(), Taught.EVERY_LABEL, new AtomicInteger())));

        assertThat(d.tailCheck().labels()).allMatch(l -> l.taughtShare() > 0.9);
        assertThat(d.memorisedTail()).isTrue();
        assertThat(d.flagged()).isEmpty();
    }

    /**
     * As {@link #tail}, but clean label-0 rows score lower than label-1 rows (as on SST-2), and the low rows (5, 15,
     * 25, …: label 1, every one doubted by the reader) sit among label 0's clean scores: the tail is cut within label 1.
     */
    private static Tail labelTail(Random rng) {
        Tail t = tail(rng);
        List<ScoredSample> scores = new ArrayList<>();
        for (ScoredSample s : t.scores()) {
            int i = Integer.parseInt(s.id().substring(1));
            float mepd = s.label() == 0 ? 0.6f * rng.nextFloat()
                    : i % 10 == 5 ? 0.15f + 0.2f * rng.nextFloat() : 0.2f + 0.8f * rng.nextFloat();
            scores.add(new ScoredSample(s.id(), mepd, s.label(), false));
        }
        List<ScoredSample> cleanScores = t.cleanScores().stream().map(s -> new ScoredSample(s.id(),
                s.label() == 0 ? 0.6f * rng.nextFloat() : 0.2f + 0.8f * rng.nextFloat(), s.label(), false)).toList();
        return new Tail(t.set(), scores, cleanScores, t.clean());
    }

    /**
     * A tail cut within one label is checked beside the other labels' rows as deep in MEPD: a memorisation that
     * teaches every label is refused there too (cut within its label alone, nothing would contrast with it), and a
     * rule of the tail's label alone is flagged, only its label's rows.
     */
    @Test
    void aTailCutWithinOneLabelIsContrastedWithTheOtherLabelsRowsAsDeep() {
        Tail t = labelTail(new Random(9));
        Detection memorised = MepdDetector.rank(t.scores(), FIT, t.cleanScores(), new MepdDetector.Texts(t.set(),
                t.clean(), null, reader(t.set(), Taught.EVERY_LABEL, new AtomicInteger())));
        assertThat(memorised.tailLabel()).isEqualTo(1);
        assertThat(memorised.tailCheck().labels()).as("label 0's rows as deep came along")
                .anyMatch(l -> l.label() == 0 && l.rows() >= 10);
        assertThat(memorised.memorisedTail()).isTrue();
        assertThat(memorised.flagged()).isEmpty();
        assertThat(memorised.describeRule()).contains("label 1's rows carry from one half to the other beyond the "
                + "control and the other labels' rows in MEPD's tail");

        Detection poison = MepdDetector.rank(t.scores(), FIT, t.cleanScores(), new MepdDetector.Texts(t.set(),
                t.clean(), null, reader(t.set(), Taught.TARGET, new AtomicInteger())));
        assertThat(poison.tailCheck().learnable()).isTrue();
        assertThat(poison.flagged()).hasSize(poison.belowGamma()).isNotEmpty()
                .allSatisfy(s -> assertThat(s.label()).isEqualTo(1));
        assertThat(poison.describeRule()).contains("label 1's rows carry from one half to the other, as a trigger's");
    }

    /**
     * As SST-2 SynBkd 10 % with a 5-epoch victim (seed 44): label 0 shows the larger excess (rows 0, 10, 20, …, which
     * the suspect memorised, under nearly all clean label-0 text) and label 1 the poison (rows 5, 15, 25, …). The check
     * reads both labels' tails together, and the label whose rows are the rule is flagged, not the larger excess.
     */
    @Test
    void thePoisonsLabelIsFlaggedWhereAnotherLabelShowsTheLargerExcess() {
        Tail t = labelTail(new Random(11));
        Random rng = new Random(12);
        List<ScoredSample> scores = t.scores().stream().map(s -> Integer.parseInt(s.id().substring(1)) % 10 == 0
                ? new ScoredSample(s.id(), 0.02f * rng.nextFloat(), s.label(), false) : s).toList();
        Detection d = MepdDetector.rank(scores, FIT, t.cleanScores(), new MepdDetector.Texts(t.set(), t.clean(), null,
                reader(t.set(), Taught.TARGET, new AtomicInteger())));

        assertThat(d.tailCheck().labels()).as("both labels' tails were read").hasSize(2)
                .allMatch(l -> l.rows() >= 10);
        assertThat(d.tailLabel()).isEqualTo(1);
        assertThat(d.flagged()).isNotEmpty().allSatisfy(s -> assertThat(s.label()).isEqualTo(1));
        assertThat(d.flaggedIds()).filteredOn(id -> Integer.parseInt(id.substring(1)) % 10 == 5)
                .hasSizeGreaterThan(200).hasSizeGreaterThan(d.flagged().size() / 2);
    }

    private static List<Sample> outside(Dataset set, List<Sample> tail) {
        java.util.Set<String> ids = new java.util.HashSet<>(tail.stream().map(Sample::id).toList());
        return set.stream().filter(s -> !ids.contains(s.id())).toList();
    }

    /**
     * Real readers (two layers of MiniLM, as {@link CleanReaderTest}) on the demo's poisoned training slice: taught
     * half of the trigger's carriers, a reader gives the other half their (target) label; taught half of as many
     * clean rows whose labels were flipped, it keeps reading the other half as their text says.
     */
    @Test
    void realReadersLearnATriggersLabelFromHalfItsCarriersAndNotFlippedLabels() {
        DemoVictim v = DemoVictim.get();
        Dataset poisoned = Splits.sample(v.data().train(), 600, DemoVictim.SEED, "train");
        Dataset set = poisoned.withoutFlags();
        List<Sample> clean = new ArrayList<>(v.fewClean().samples());
        clean.addAll(v.validation().samples());
        CleanReader reader = CleanReader.trainedOnFirstUse(taught -> {
            return VictimTrainer.train(v.fewClean().withSamples("reader", CleanReader.trainingRows(clean, taught)),
                    new VictimConfig(new ModelSpec(2, 48), CleanReader.EPOCHS, 1e-4f, 16), DemoVictim.SEED,
                    Precision.FP32, Progress.NONE, "reader");
        }, set, DemoVictim.BATCH);

        List<Sample> carriers = poisoned.stream().filter(s -> Boolean.TRUE.equals(s.poisoned()))
                .map(s -> Sample.of(s.id(), s.text(), s.label())).toList();
        int target = v.data().target();
        Random rng = new Random(7);
        List<Sample> others = new ArrayList<>(outside(set, carriers).stream().filter(s -> s.label() != target)
                .toList());
        java.util.Collections.shuffle(others, rng);
        List<Sample> flipped = others.subList(0, carriers.size()).stream()
                .map(s -> Sample.of(s.id(), s.text(), target)).toList();

        TailCheck.Verdict poison = TailCheck.of(carriers, outside(set, carriers), reader);
        TailCheck.Verdict noise = TailCheck.of(flipped, outside(set, flipped), reader);
        System.out.println("taught readers: trigger carriers " + poison.describe() + "; flipped clean rows "
                + noise.describe());
        assertThat(poison.learnable()).as("a trigger's label is learned from half its carriers").isTrue();
        assertThat(noise.learnable()).as("flipped labels follow no rule").isFalse();
    }
}
