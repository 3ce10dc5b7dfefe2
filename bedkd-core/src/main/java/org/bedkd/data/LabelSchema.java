package org.bedkd.data;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The classes of a dataset, in label-index order.
 *
 * @param name short dataset name ({@code sst2}, {@code olid}, {@code agnews} or a user's own)
 * @param labels class names; index = label id
 */
public record LabelSchema(String name, List<String> labels) {

    public static final LabelSchema SST2 = new LabelSchema("sst2", List.of("negative", "positive"));
    public static final LabelSchema OLID = new LabelSchema("olid", List.of("not-offensive", "offensive"));
    public static final LabelSchema AGNEWS = new LabelSchema("agnews", List.of("world", "sports", "business", "sci-tech"));

    private static final Map<String, LabelSchema> KNOWN = Map.of("sst2", SST2, "sst-2", SST2, "olid", OLID,
            "offenseval", OLID, "agnews", AGNEWS, "ag", AGNEWS, "ag-news", AGNEWS);

    public LabelSchema {
        labels = List.copyOf(labels);
        if (labels.size() < 2) {
            throw new IllegalArgumentException("a label schema needs at least 2 classes, got " + labels);
        }
    }

    /** Number of classes C. */
    public int size() {
        return labels.size();
    }

    public String labelName(int label) {
        checkLabel(label);
        return labels.get(label);
    }

    public boolean contains(int label) {
        return label >= 0 && label < labels.size();
    }

    public void checkLabel(int label) {
        if (!contains(label)) {
            throw new IllegalArgumentException("label " + label + " is outside schema " + name + " " + labels);
        }
    }

    /** Resolves a label given as an index ("1") or a class name ("positive"). */
    public Optional<Integer> parse(String raw) {
        String s = raw.strip();
        try {
            int v = Integer.parseInt(s);
            return contains(v) ? Optional.of(v) : Optional.empty();
        } catch (NumberFormatException notAnIndex) {
            for (int i = 0; i < labels.size(); i++) {
                if (labels.get(i).equalsIgnoreCase(s)) {
                    return Optional.of(i);
                }
            }
            return Optional.empty();
        }
    }

    /** A built-in schema by name, or a generic one with {@code classes} numbered labels. */
    public static LabelSchema named(String name) {
        LabelSchema known = KNOWN.get(name.toLowerCase(Locale.ROOT));
        if (known == null) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'; known: sst2, olid, agnews");
        }
        return known;
    }

    /** Whether the class names carry no meaning ({@code LABEL_0}, {@code class-1}: transformers' and our defaults). */
    public boolean hasGenericNames() {
        for (int i = 0; i < labels.size(); i++) {
            String l = labels.get(i);
            if (!l.equalsIgnoreCase("LABEL_" + i) && !l.equalsIgnoreCase("class-" + i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks that a model classifies into this (the data's) schema: the same number of classes and, unless the
     * model's names are generic, the same names in the same order (case aside). A model whose id 0 means "positive"
     * would otherwise be purified against flipped labels.
     */
    public void requireCompatibleModel(LabelSchema model, String what) {
        boolean sameNames = model.labels.size() == labels.size() && java.util.stream.IntStream.range(0, labels.size())
                .allMatch(i -> model.labels.get(i).equalsIgnoreCase(labels.get(i)));
        if (model.size() != size() || !(sameNames || model.hasGenericNames() || hasGenericNames())) {
            throw new IllegalArgumentException(what + " classifies into " + model.labels + " (id order), the data's "
                    + "schema " + name + " has " + labels + ": they must name the same classes in the same order");
        }
    }

    /** A job's classes: {@code labels} (a model's own, from its id2label) when given, else the built-in {@code name}. */
    public static LabelSchema of(String name, List<String> labels) {
        return labels != null ? new LabelSchema(name, labels) : named(name);
    }

    public static LabelSchema generic(String name, int classes) {
        return new LabelSchema(name, java.util.stream.IntStream.range(0, classes).mapToObj(i -> "class-" + i).toList());
    }
}
