package org.bedkd.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** An immutable, ordered list of samples that all follow one {@link LabelSchema}. */
public final class Dataset {

    private final String name;
    private final LabelSchema schema;
    private final List<Sample> samples;

    public Dataset(String name, LabelSchema schema, List<Sample> samples) {
        this.name = name;
        this.schema = schema;
        this.samples = List.copyOf(samples);
        Set<String> ids = new HashSet<>();
        for (Sample s : this.samples) {
            schema.checkLabel(s.label());
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("duplicate sample id '" + s.id() + "' in dataset " + name);
            }
        }
    }

    public String name() {
        return name;
    }

    public LabelSchema schema() {
        return schema;
    }

    public List<Sample> samples() {
        return samples;
    }

    public int size() {
        return samples.size();
    }

    public boolean isEmpty() {
        return samples.isEmpty();
    }

    public Sample get(int i) {
        return samples.get(i);
    }

    /**
     * SHA-256 of the rows' {@code id<TAB>label} lines in order: which rows, in which order, with which labels. Two
     * stages that derive a split from the same pinned files compare it to prove they derived the same split.
     */
    public String rowsDigest() {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Sample s : samples) {
            md.update((s.id() + "\t" + s.label() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The sample ids, in order. */
    public List<String> ids() {
        return samples.stream().map(Sample::id).toList();
    }

    public Stream<Sample> stream() {
        return samples.stream();
    }

    public List<String> texts() {
        return samples.stream().map(Sample::text).toList();
    }

    public int[] labels() {
        return samples.stream().mapToInt(Sample::label).toArray();
    }

    public Dataset filter(String newName, Predicate<Sample> keep) {
        return new Dataset(newName, schema, samples.stream().filter(keep).toList());
    }

    public Dataset withSamples(String newName, List<Sample> newSamples) {
        return new Dataset(newName, schema, newSamples);
    }

    /** The same samples with the ground-truth poison flags removed (what a defender sees). */
    public Dataset withoutFlags() {
        return withSamples(name, samples.stream().map(Sample::withoutFlag).toList());
    }

    /** Count of samples per label, in label order. */
    public Map<Integer, Long> labelCounts() {
        return samples.stream().collect(Collectors.groupingBy(Sample::label, TreeMap::new, Collectors.counting()));
    }

    public long poisonedCount() {
        return samples.stream().filter(Sample::isKnownPoisoned).count();
    }

    /** The samples by id (a later sample with the same id wins). */
    public Map<String, Sample> byId() {
        Map<String, Sample> m = new java.util.HashMap<>();
        samples.forEach(s -> m.put(s.id(), s));
        return m;
    }

    /** Ground-truth poison flags by sample id ({@code null} values where unknown). */
    public Map<String, Boolean> poisonFlags() {
        Map<String, Boolean> m = new java.util.HashMap<>();
        samples.forEach(s -> m.put(s.id(), s.poisoned()));
        return m;
    }

    /** Whether every sample carries a known poison flag (needed for FAR/FRR). */
    public boolean hasPoisonFlags() {
        return !samples.isEmpty() && samples.stream().allMatch(s -> s.poisoned() != null);
    }

    public static Dataset concat(String name, Dataset first, Dataset second) {
        if (!first.schema.equals(second.schema)) {
            throw new IllegalArgumentException("cannot concatenate datasets with different schemas");
        }
        List<Sample> all = new ArrayList<>(first.samples);
        all.addAll(second.samples);
        return new Dataset(name, first.schema, all);
    }

    @Override
    public String toString() {
        return name + " (" + samples.size() + " samples, labels " + labelCounts() + ", poisoned " + poisonedCount() + ")";
    }
}
