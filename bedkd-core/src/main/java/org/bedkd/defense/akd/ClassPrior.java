package org.bedkd.defense.akd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bedkd.data.Dataset;
import org.bedkd.data.Sample;
import org.bedkd.model.TextClassifier;
import org.bedkd.train.TrainingSet;

/**
 * The clean class prior AKD keeps in what the student sees, read from the clean validation split (drawn from the
 * clean pool as it comes). The few-shot clean set takes as many samples of every class (the DMM needs that), so
 * training on it as drawn teaches a 50/50 prior: on OLID (67 % not offensive) with target 0, the purified models
 * recalled 12–14 points more offensive tweets than a clean reference, with every poisoned sample flagged and nothing
 * else (issue #18, results/AKD.md).
 */
final class ClassPrior {

    private final int[] counts;

    private ClassPrior(int[] counts) {
        this.counts = counts;
    }

    /** The label counts of {@code clean}, over {@code classes} classes. */
    static ClassPrior of(Dataset clean, int classes) {
        int[] counts = new int[classes];
        for (int y : clean.labels()) {
            counts[y]++;
        }
        return new ClassPrior(counts);
    }

    int[] counts() {
        return counts.clone();
    }

    /**
     * {@code data}'s samples in order, then samples of the classes the prior wants more of, each class's own repeated
     * in turn, until the classes have this prior ({@link #topUp}); none is dropped, so every clean sample is still
     * trained on.
     */
    TrainingSet resampled(TextClassifier model, Dataset data) {
        int[] have = new int[counts.length];
        List<List<Sample>> byLabel = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            byLabel.add(new ArrayList<>());
        }
        for (Sample s : data.samples()) {
            have[s.label()]++;
            byLabel.get(s.label()).add(s);
        }
        int[] extra = topUp(have, counts);
        List<String> texts = new ArrayList<>(data.texts());
        List<Integer> labels = new ArrayList<>();
        data.stream().forEach(s -> labels.add(s.label()));
        for (int c = 0; c < extra.length; c++) {
            List<Sample> pool = byLabel.get(c);
            for (int i = 0; i < extra[c] && !pool.isEmpty(); i++) {
                texts.add(pool.get(i % pool.size()).text());
                labels.add(c);
            }
        }
        String name = data.name() + (Arrays.stream(extra).sum() > 0 ? "-at-prior" : "");
        return TrainingSet.of(name, model, texts, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Samples to add per class so that, with the {@code have} already there, each class has its share of
     * {@code priorCounts}: the fewest that reach that prior. A class the prior never saw gets none (and keeps what it
     * has).
     */
    static int[] topUp(int[] have, int[] priorCounts) {
        int total = Arrays.stream(priorCounts).sum();
        double scale = 0; // samples in the whole pass
        for (int c = 0; c < priorCounts.length; c++) {
            if (priorCounts[c] > 0) {
                scale = Math.max(scale, have[c] * (double) total / priorCounts[c]);
            }
        }
        int[] out = new int[priorCounts.length];
        for (int c = 0; c < priorCounts.length; c++) {
            out[c] = Math.max(0, (int) Math.round(scale * priorCounts[c] / total) - have[c]);
        }
        return out;
    }
}
