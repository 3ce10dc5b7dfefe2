package org.bedkd.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Deterministic, seeded splits. {@link java.util.Random} is specified bit-for-bit, so the same seed gives the same
 * split on every JVM. Per-class splits keep the original order inside each part.
 */
public final class Splits {

    private Splits() {
    }

    /** Two disjoint parts of a dataset. */
    public record Split(Dataset first, Dataset second) {
    }

    /**
     * Takes {@code perClass} samples of every class (the few-clean set D_c^few), the rest goes to {@code second}.
     *
     * @throws IllegalArgumentException when a class has fewer than {@code perClass} samples
     */
    public static Split fewShot(Dataset data, int perClass, long seed, String name) {
        if (perClass <= 0) {
            throw new IllegalArgumentException("samples per class must be positive, was " + perClass);
        }
        Map<Integer, List<Integer>> byLabel = indicesByLabel(data);
        List<Integer> chosen = new ArrayList<>();
        for (int label = 0; label < data.schema().size(); label++) {
            List<Integer> idx = byLabel.getOrDefault(label, List.of());
            if (idx.size() < perClass) {
                throw new IllegalArgumentException(data.name() + ": class '" + data.schema().labelName(label) + "' has "
                        + idx.size() + " samples, " + perClass + " per class were asked for");
            }
            List<Integer> shuffled = new ArrayList<>(idx);
            Collections.shuffle(shuffled, new Random(seed * 31 + label));
            chosen.addAll(shuffled.subList(0, perClass));
        }
        return partition(data, chosen, name, data.name() + "-rest");
    }

    /** A stratified split: {@code fraction} of every class goes to the first part. */
    public static Split stratified(Dataset data, double fraction, long seed, String firstName, String secondName) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("fraction must be in [0, 1], was " + fraction);
        }
        List<Integer> chosen = new ArrayList<>();
        indicesByLabel(data).forEach((label, idx) -> {
            List<Integer> shuffled = new ArrayList<>(idx);
            Collections.shuffle(shuffled, new Random(seed * 31 + label));
            chosen.addAll(shuffled.subList(0, (int) Math.round(fraction * idx.size())));
        });
        return partition(data, chosen, firstName, secondName);
    }

    /** At most {@code n} samples chosen at random (stratified), in original order. */
    public static Dataset sample(Dataset data, int n, long seed, String name) {
        if (n >= data.size()) {
            return data.withSamples(name, data.samples());
        }
        return stratified(data, (double) n / data.size(), seed, name, "unused").first();
    }

    /** The same samples in a seeded random order. */
    public static Dataset shuffle(Dataset data, long seed) {
        List<Sample> copy = new ArrayList<>(data.samples());
        Collections.shuffle(copy, new Random(seed));
        return data.withSamples(data.name(), copy);
    }

    private static Map<Integer, List<Integer>> indicesByLabel(Dataset data) {
        Map<Integer, List<Integer>> byLabel = new TreeMap<>();
        for (int i = 0; i < data.size(); i++) {
            byLabel.computeIfAbsent(data.get(i).label(), k -> new ArrayList<>()).add(i);
        }
        return byLabel;
    }

    private static Split partition(Dataset data, List<Integer> chosen, String firstName, String secondName) {
        chosen.sort(Comparator.naturalOrder());
        boolean[] in = new boolean[data.size()];
        chosen.forEach(i -> in[i] = true);
        List<Sample> first = new ArrayList<>();
        List<Sample> second = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            (in[i] ? first : second).add(data.get(i));
        }
        return new Split(data.withSamples(firstName, first), data.withSamples(secondName, second));
    }
}
