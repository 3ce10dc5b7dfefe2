package org.bedkd.defense.mepd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bedkd.data.Dataset;
import org.bedkd.data.Sample;
import org.bedkd.model.TextClassifier;

/**
 * The labels a model that never saw the screened set gives its texts: a classifier trained on the defender's clean
 * text alone. A dirty-label trigger's carriers carry a label their text does not, which such a reader sees and the
 * suspect model (which learnt the label) does not. On OLID BadWords 1 % with target 0 a MiniLM-L6 trained on 600 clean
 * tweets agreed with the label on 16–66 % of the trigger words' carriers against 73–86 % of clean rows of that label,
 * and on 75–97 % of the carriers of genuine offensive words the suspect obeyed as it obeys its trigger (results/AKD.md,
 * "Not done" and "A clean reader before a trigger starts…"). {@link TriggerWords} asks it before a word starts a
 * trigger on the model's answer alone.
 */
@FunctionalInterface
public interface CleanReader {

    /** Epochs the reader trains on the few hundred clean texts (measured: 5 on 600 OLID tweets, CACC 77–80 %). */
    int EPOCHS = 5;

    /** The label the reader predicts for each text, in order. */
    int[] read(List<String> texts);

    /**
     * The labels a reader trained on the same clean texts plus {@code taught} (with their labels as given) predicts for
     * {@code texts}: what a model learns from some rows of the screened set ({@link TailCheck}).
     *
     * @return one label per text, or {@code null} where this reader cannot be taught (then nothing is checked)
     */
    default int[] readTaught(List<Sample> taught, List<String> texts) {
        return null;
    }

    /**
     * A reader trained only when first asked, which then reads every text of {@code set} at once and closes: a word is
     * tested against the rest of its label, so the whole set is read anyway, and no model stays open beside the
     * detection. Texts outside {@code set} are read by training it again (the same seed gives the same reader). Taught
     * readers train for each call and close; their answers are kept per taught set, since one detection re-ranked for
     * several methods asks the same question again.
     *
     * @param train trains a reader on the clean texts plus the given rows (none: the clean reader); called on first use,
     *     the caller's seed makes it repeatable
     * @param batchSize inference batch size
     */
    static CleanReader trainedOnFirstUse(Function<List<Sample>, TextClassifier> train, Dataset set, int batchSize) {
        Map<String, Integer> read = new HashMap<>();
        Map<List<Object>, int[]> taughtAnswers = new HashMap<>();
        return new CleanReader() {
            @Override
            public int[] read(List<String> texts) {
                synchronized (read) {
                    List<String> missing = texts.stream().filter(t -> !read.containsKey(t)).distinct().toList();
                    if (!missing.isEmpty()) {
                        LinkedHashSet<String> toRead = new LinkedHashSet<>(missing);
                        if (read.isEmpty()) {
                            set.samples().stream().map(Sample::text).forEach(toRead::add);
                        }
                        List<String> ordered = List.copyOf(toRead);
                        int[] labels = readWith(train.apply(List.of()), ordered, batchSize);
                        for (int i = 0; i < labels.length; i++) {
                            read.put(ordered.get(i), labels[i]);
                        }
                    }
                    return texts.stream().mapToInt(read::get).toArray();
                }
            }

            @Override
            public int[] readTaught(List<Sample> taught, List<String> texts) {
                List<Object> key = List.of(List.copyOf(taught), List.copyOf(texts));
                synchronized (taughtAnswers) {
                    return taughtAnswers.computeIfAbsent(key, k -> readWith(train.apply(taught), texts, batchSize))
                            .clone();
                }
            }
        };
    }

    /**
     * What a reader trains on: the clean texts, plus the taught rows under ids of their own (the screened set's ids may
     * repeat the clean splits', which come from other files).
     */
    static List<Sample> trainingRows(List<Sample> clean, List<Sample> taught) {
        List<Sample> rows = new ArrayList<>(clean);
        taught.forEach(s -> rows.add(new Sample("taught-" + s.id(), s.text(), s.label(), null)));
        return rows;
    }

    /** Reads {@code texts} with a freshly trained reader, then closes it. */
    private static int[] readWith(TextClassifier reader, List<String> texts, int batchSize) {
        try (reader; var frozen = reader.frozenForInference()) {
            return reader.predict(texts, batchSize);
        }
    }
}
