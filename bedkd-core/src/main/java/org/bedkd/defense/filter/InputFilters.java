package org.bedkd.defense.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bedkd.data.Dataset;
import org.bedkd.metrics.Metrics;
import org.bedkd.model.TextClassifier;

/**
 * The inference-time defenses by name, fitted on the defender's clean data: {@code imbert}, {@code onion} and
 * {@code strip}. Whatever a filter chooses (its threshold) it chooses on the clean validation split.
 */
public final class InputFilters {

    /** The names {@link #fit} accepts. */
    public static final List<String> NAMES = List.of("imbert", "onion", "strip");

    /** ONION's thresholds tried, lowest (most words removed) first. */
    static final double[] ONION_THRESHOLDS = {0, 0.1, 0.25, 0.5, 1, 2, 4};

    private InputFilters() {
    }

    /** The names their rows are reported under ({@code onion} is named by its language model). */
    public static final List<String> ROW_NAMES = List.of("imbert", "onion-bigram", "strip");

    public static boolean isFilter(String name) {
        return NAMES.contains(name.strip().toLowerCase(Locale.ROOT));
    }

    /** Whether a report row's method is one of these filters. */
    public static boolean isRow(String method) {
        return ROW_NAMES.contains(method);
    }

    /**
     * The filter {@code name} for {@code suspect}, fitted on {@code clean} (few-shot clean samples) and
     * {@code validation}; {@code caccTolerance} is how many points of validation accuracy ONION's threshold may cost.
     */
    public static InputFilter fit(String name, TextClassifier suspect, Dataset clean, Dataset validation,
            double caccTolerance, long seed, int batchSize) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "imbert" -> Imbert.fit(suspect, validation, caccTolerance, batchSize);
            case "onion" -> onion(suspect, clean, validation, caccTolerance, batchSize);
            case "strip" -> Strip.fit(suspect, clean.texts(), validation.texts(), Strip.FRR, seed, batchSize);
            default -> throw new IllegalArgumentException("unknown input filter '" + name + "'; one of " + NAMES);
        };
    }

    /**
     * ONION with the lowest threshold that keeps validation accuracy within {@code tolerance} of the unfiltered
     * model's (the paper picks it on a development set too); the highest tried when none does. The language model
     * learns from the clean samples and every other validation row; the threshold is chosen on the rows it did not
     * see, which the test set is like.
     */
    static Onion onion(TextClassifier suspect, Dataset clean, Dataset validation, double tolerance, int batchSize) {
        List<String> corpus = new ArrayList<>(clean.texts());
        List<org.bedkd.data.Sample> unseen = new ArrayList<>();
        for (int i = 0; i < validation.size(); i++) {
            if (i % 2 == 0 && validation.size() > 1) {
                corpus.add(validation.samples().get(i).text());
            } else {
                unseen.add(validation.samples().get(i));
            }
        }
        Dataset selection = validation.withSamples("onion-selection", unseen);
        Onion onion = new Onion(BigramLanguageModel.fit(corpus), ONION_THRESHOLDS[ONION_THRESHOLDS.length - 1]);
        double plain = Metrics.accuracy(suspect.predict(selection.texts(), batchSize), selection.labels());
        return strictestWithin(java.util.Arrays.stream(ONION_THRESHOLDS).mapToObj(onion::withThreshold),
                c -> Metrics.accuracy(c.in(suspect, batchSize).predict(selection.texts()), selection.labels()),
                plain, tolerance, onion);
    }

    /**
     * The first of {@code candidates} (strictest first, evaluated lazily) whose validation accuracy stays within
     * {@code tolerance} of the unfiltered model's {@code plain}; {@code fallback} when none does.
     */
    static <F> F strictestWithin(java.util.stream.Stream<F> candidates, java.util.function.ToDoubleFunction<F> accuracy,
            double plain, double tolerance, F fallback) {
        return candidates.filter(c -> accuracy.applyAsDouble(c) >= plain - tolerance).findFirst().orElse(fallback);
    }
}
