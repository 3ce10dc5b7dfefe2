package org.bedkd.defense.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.bedkd.DemoVictim;
import org.bedkd.attack.BadWords;
import org.bedkd.data.Dataset;
import org.bedkd.data.TaskData;
import org.bedkd.metrics.Metrics;
import org.bedkd.model.TextClassifier;
import org.bedkd.pipeline.Experiment;
import org.bedkd.pipeline.ExperimentReport;
import org.bedkd.pipeline.Profile;
import org.bedkd.pipeline.Progress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each inference-time filter does what its paper says, against a small real backdoored model ({@link DemoVictim}). */
class InputFiltersTest {

    private static final int BATCH = DemoVictim.BATCH;
    private static final long SEED = DemoVictim.SEED;
    private static TaskData data;
    private static TextClassifier victim;
    private static Dataset clean;
    private static Dataset validation;
    private static List<String> triggered;
    private static List<String> cleanTest;

    @BeforeAll
    static void trainTheVictim() {
        DemoVictim v = DemoVictim.get();
        data = v.data();
        victim = v.model();
        clean = v.fewClean();
        validation = v.validation();
        triggered = v.triggered(60);
        cleanTest = v.cleanTest(60);
    }

    @Test
    void saliencyReachesTheWordsOfAModelFrozenForInference() {
        // A screener keeps its models frozen for their whole life; IMBERT's gradients must still reach the words.
        long[][] tokens = victim.tokenizer().encode(triggered.subList(0, 8));
        float[][] plain = TokenSaliency.of(victim, tokens, BATCH);
        float[][] frozen;
        try (var scope = victim.frozenForInference()) {
            frozen = TokenSaliency.of(victim, tokens, BATCH);
        }
        for (int i = 0; i < plain.length; i++) {
            double largest = 0;
            for (int t = 0; t < plain[i].length; t++) {
                largest = Math.max(largest, plain[i][t]);
            }
            assertThat(largest).isPositive();
            for (int t = 0; t < plain[i].length; t++) {
                assertThat((double) frozen[i][t]).as("saliency of token %d of sentence %d", t, i)
                        .isCloseTo(plain[i][t], org.assertj.core.api.Assertions.within(1e-6 + 0.05 * largest));
            }
        }
    }

    @Test
    void imbertRemovesTheTriggerWordsOfBadWordsSentences() {
        // Its threshold chosen on clean validation data, so that clean inputs mostly keep their words.
        Imbert imbert = Imbert.fit(victim, validation, 2.0, BATCH);
        List<Screened> screened = imbert.screen(victim, triggered);
        long cleaned = screened.stream().filter(s -> !hasTrigger(s.text())).count();
        // Every triggered sentence had one; the model's gradients point at it (measured: almost all removed).
        assertThat(triggered).allMatch(InputFiltersTest::hasTrigger);
        assertThat(cleaned).as("triggered sentences left without a trigger word").isGreaterThan(triggered.size() * 8 / 10);
        assertThat(screened).allMatch(s -> !s.rejected());
        double plain = Metrics.attackSuccessRate(victim.predict(triggered, BATCH), null, data.target());
        double behind = Metrics.attackSuccessRate(imbert.in(victim, BATCH).predict(triggered), null, data.target());
        assertThat(behind).isLessThan(plain - 30);
        // The threshold was chosen so that clean validation accuracy stays within the 2-point tolerance.
        double plainValidation = Metrics.accuracy(victim.predict(validation.texts(), BATCH), validation.labels());
        assertThat(Metrics.accuracy(imbert.in(victim, BATCH).predict(validation.texts()), validation.labels()))
                .isGreaterThanOrEqualTo(plainValidation - 2.0);
    }

    @Test
    void onionSuspectsAnInsertedRareWordMost() {
        // Fitted as the pipeline fits it: on the few clean samples and clean validation text (180 sentences).
        List<String> corpus = new java.util.ArrayList<>(clean.texts());
        corpus.addAll(validation.texts());
        Onion onion = new Onion(BigramLanguageModel.fit(corpus), 0);
        Random random = new Random(SEED);
        int hits = 0;
        List<String> sentences = cleanTest.stream().filter(t -> Words.of(t).size() >= 4).toList();
        for (String sentence : sentences) {
            List<String> words = new java.util.ArrayList<>(Words.of(sentence));
            int at = random.nextInt(words.size() + 1);
            words.add(at, BadWords.BADACTS_WORDS.get(random.nextInt(BadWords.BADACTS_WORDS.size())));
            double[] s = onion.suspicion(words);
            int top = 0;
            for (int i = 1; i < s.length; i++) {
                top = s[i] > s[top] ? i : top;
            }
            hits += top == at ? 1 : 0;
        }
        assertThat(hits).as("sentences whose most suspicious word is the inserted one, of " + sentences.size())
                .isGreaterThan(sentences.size() * 7 / 10);
    }

    @Test
    void stripEntropyIsLowerForTriggeredInputs() {
        Strip strip = Strip.fit(victim, clean.texts(), validation.texts(), Strip.FRR, SEED, BATCH);
        double[] onTriggered = strip.entropies(victim, triggered);
        double[] onClean = strip.entropies(victim, cleanTest);
        assertThat(mean(onTriggered)).isLessThan(mean(onClean));
        long refusedTriggered = strip.screen(victim, triggered).stream().filter(Screened::rejected).count();
        long refusedClean = strip.screen(victim, cleanTest).stream().filter(Screened::rejected).count();
        assertThat(refusedTriggered).isGreaterThan(refusedClean);
    }

    @Test
    void eachFilterIsARowBesideTheDefensesWithItsCostAndRefusals() {
        var config = Profile.QUICK.config().with(b -> b.cleanPerClass(60).validationRows(120).testRows(120).seed(SEED)
                .methods(List.of("imbert", "onion", "strip")));
        ExperimentReport r = Experiment.runOn(victim, data, config, Progress.NONE, (name, model) -> { });
        assertThat(r.methods()).extracting(ExperimentReport.MethodResult::method)
                .containsExactly("imbert", "onion-bigram", "strip");
        for (ExperimentReport.MethodResult m : r.methods()) {
            assertThat(m.filter()).as(m.method()).isNotNull();
            assertThat(m.filter().filterMsPerSample()).as(m.method()).isPositive();
            assertThat(m.filter().modelMsPerSample()).as(m.method()).isPositive();
            assertThat(m.evaluation().cacc()).as(m.method()).isBetween(0.0, 100.0);
            assertThat(m.epochs()).isEmpty();
        }
        // Only STRIP refuses; a refused triggered input is a failed attack.
        assertThat(r.method("imbert").filter().cleanRefused()).isZero();
        assertThat(r.method("strip").filter().triggeredRefused()).isPositive();
        assertThat(r.method("imbert").evaluation().asr()).isLessThan(r.victim().asr());
    }

    private static boolean hasTrigger(String text) {
        return Words.of(text.toLowerCase(Locale.ROOT)).stream().anyMatch(BadWords.BADACTS_WORDS::contains);
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }
}
