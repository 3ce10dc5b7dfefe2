package org.bedkd.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The robustness targets read off the rows, one line per cell and method measured beside a clean reference: so that
 * whether a defense holds at a poison rate is looked up, not recomputed by hand from four tables. Means over seeds,
 * as the targets are stated; each measure is given against both references where the restored one was trained.
 */
final class Scorecard {

    /** A victim below this ASR did not learn the trigger; its cell is reported, not judged. */
    static final double LEARNED_ASR = 90;
    static final double ASR_MARGIN = 3;
    static final double CACC_DROP = 2;
    static final double RECALL_GAP = 3;
    static final double FLIP_GAP = 5;

    private static final String MET = "✓";
    private static final String MISSED = "✗";

    private Scorecard() {
    }

    static String markdown(List<Map.Entry<String, List<Map<String, Object>>>> groups) {
        List<List<Map<String, Object>>> judged = groups.stream().map(Map.Entry::getValue)
                .filter(rows -> !"none".equals(rows.get(0).get("method")))
                .filter(rows -> mean(rows, Cells.REMOVAL + "asr_floor") != null
                        || mean(rows, Cells.RESTORED + "asr_floor") != null).toList();
        if (judged.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n## Targets, per cell\n\n");
        md.append(String.format(Locale.ROOT, "Means over seeds. A mark per target: ASR ≤ floor + %.0f (its own floor, "
                + "then the clean reference's), CACC at most %.0f below the victim's, every class's recall within %.0f "
                + "points of the reference's (the largest gap shown, signed as purified − reference), the target class's "
                + "trigger flips within %.0f points of the reference's (a target only where the trigger can be "
                + "inserted into a sentence: not for SynBkd's paraphrase). Where two values stand, the first is against "
                + "the reference trained without the poisoned rows, the second against the one trained on the rows as "
                + "they were before poisoning (`--restored-reference`). A cell whose victim's ASR is under %.0f %% did "
                + "not learn the trigger and is not judged. Over two seeds or more the class recall gap carries the "
                + "standard error of its per-seed gaps (±): one reference per seed differs from the next by several "
                + "points of a class's recall at a few thousand rows.%n%n", ASR_MARGIN, CACC_DROP, RECALL_GAP, FLIP_GAP,
                LEARNED_ASR));
        md.append("| cell | training rows | method | seeds | victim ASR | ASR | own floor | reference floor | CACC drop "
                + "| class recall gap | target-class flip gap |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        Map<String, Tally> tallies = new LinkedHashMap<>();
        for (List<Map<String, Object>> rows : judged) {
            Map<String, Object> first = rows.get(0);
            Double victimAsr = mean(rows, "victim_asr");
            boolean learned = victimAsr == null || victimAsr >= LEARNED_ASR;
            md.append(String.format(Locale.ROOT, "| %s × %s%s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %s |%n",
                    first.get("dataset"), first.get("attack"), Cells.variantTitle(first), first.get("train_rows"),
                    Cells.methodLabel(first),
                    rows.size(), learned ? number(victimAsr) : number(victimAsr) + " (not learned)",
                    number(mean(rows, "asr")), floorMark(rows, "asr_floor", learned),
                    bothReferences(rows, r -> floorMark(rows, r + "asr_floor", learned)), caccDrop(rows, learned),
                    bothReferences(rows, r -> recallGap(rows, r, learned)),
                    bothReferences(rows, r -> flipGap(rows, r, learned))));
            if (learned) {
                tallies.computeIfAbsent(Cells.methodLabel(first), m -> new Tally()).add(rows);
            }
        }
        if (!tallies.isEmpty()) {
            md.append("\nPer method, over the cells whose victim learned the trigger, each judged against the reference "
                    + "trained on the rows as they were before poisoning where it was trained (it keeps the clean set's "
                    + "class prior, where the other lacks every poisoned row's non-target text), else against the one "
                    + "trained without the poisoned rows.\n\n| method | cells | ASR ≤ own floor + 3 "
                    + "| ASR ≤ reference floor + 3 | CACC | class recall | target-class flips | every target |\n"
                    + "|---|---|---|---|---|---|---|---|\n");
            tallies.forEach((method, t) -> md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d "
                    + "| %d |%n", method, t.cells, t.ownFloor, t.referenceFloor, t.cacc, t.recall, t.flips, t.all)));
        }
        return md.append(replicaSection(judged)).toString();
    }

    /**
     * Where the references were trained twice (same rows, another seed): how far the two clean models differ, beside
     * the purified model's gaps to the first. The class recall target is read within that noise or not at all.
     */
    private static String replicaSection(List<List<Map<String, Object>>> judged) {
        StringBuilder table = new StringBuilder();
        Map<String, ReplicaReading> readings = new LinkedHashMap<>();
        for (List<Map<String, Object>> rows : judged) {
            String prefix = preferred(rows);
            String replica = Cells.REPLICA + prefix;
            Gap noise = recallGapOf(rows, replica + "class_recall", prefix);
            if (noise == null) {
                continue;
            }
            Map<String, Object> first = rows.get(0);
            Gap purified = recallGapOf(rows, "class_recall", prefix);
            Double victimAsr = mean(rows, "victim_asr");
            if (victimAsr == null || victimAsr >= LEARNED_ASR) {
                readings.computeIfAbsent(Cells.methodLabel(first), m -> new ReplicaReading())
                        .add(rows, prefix, noise, purified);
            }
            Gap sameClass = classGap(rows, "class_recall", prefix, noise.label());
            Gap againstBoth = recallGapOf(withBothCleanModels(rows, prefix), "class_recall", BOTH);
            table.append(String.format(Locale.ROOT, "| %s × %s%s | %s | %s | %s | %d | %s (%s) | %s | %s (%s) | %s "
                    + "| %s | %s |%n", first.get("dataset"), first.get("attack"), Cells.variantTitle(first),
                    first.get("train_rows"), Cells.methodLabel(first), prefix.equals(Cells.RESTORED) ? "restored" : "removal", rows.size(),
                    noise.text(), noise.label(), sameClass == null ? "–" : sameClass.text(),
                    purified == null ? "–" : purified.text(), purified == null ? "–" : purified.label(),
                    againstBoth == null ? "–" : againstBoth.text() + " (" + againstBoth.label() + ")",
                    difference(rows, replica + "asr_floor", prefix + "asr_floor"),
                    difference(rows, replica + "trigger_flip_target", prefix + "trigger_flip_target")));
        }
        if (table.isEmpty()) {
            return "";
        }
        return "\n### Two clean models of one cell\n\nThe reference trained a second time on the same rows with another "
                + "seed for its initialisation, dropout and batch order (`--reference-replica`, the cell's seed + "
                + ReproduceCommand.REPLICA_SEED_OFFSET + "). Gaps are means over seeds, signed as that model − the "
                + "reference, ± the standard error of the per-seed gaps: the replica's on the class where the two "
                + "clean models differ most and the purified model's on the same class, then the purified model's on "
                + "its own furthest class (the target above), and its furthest from the mean of the two clean models, "
                + "a reference whose own noise is smaller by √2 (for reading only: the marks above stay against one "
                + "reference, as the target is stated). Where the replica's gap reaches "
                + String.format(Locale.ROOT, "%.0f", RECALL_GAP) + " points, the per-class target is inside the noise "
                + "of one clean model against the next.\n\n| cell | training rows | method | reference | seeds | replica's class gap "
                + "| purified, same class | purified's largest gap | purified − both clean models' mean "
                + "| replica's floor − reference's | replica's target-class flips − reference's |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n" + table + readingTable(readings);
    }

    /**
     * Per method, the class target read against the second clean model too: how often that clean model itself would
     * meet it, judged as the purified model is, and whether the purified model's gaps follow the replica's (a positive
     * correlation: where the purified model is off the reference, another clean model tends to be off the same way).
     */
    private static String readingTable(Map<String, ReplicaReading> readings) {
        if (readings.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%nThe class target read against the second "
                + "clean model, over the cells above whose victim learned the trigger: the cells where the replica, "
                + "judged as the purified model is (its largest mean class gap to the reference within %.0f points), "
                + "and where the purified model meet it; then per seed and class, how often each is within %.0f points "
                + "of the reference, and the correlation of the two gaps (Pearson's r over those pairs; on two classes "
                + "each seed gives two mirrored pairs).%n%n| method | cells | replica meets the class target "
                + "| purified model meets it | seed × class pairs | replica within %.0f | purified within %.0f "
                + "| r (purified gap, replica gap) |%n|---|---|---|---|---|---|---|---|%n", RECALL_GAP, RECALL_GAP,
                RECALL_GAP, RECALL_GAP));
        readings.forEach((method, r) -> md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %s "
                + "|%n", method, r.cells, r.replicaMet, r.purifiedMet, r.replicaGaps.size(),
                r.within(r.replicaGaps), r.within(r.purifiedGaps), r.correlation())));
        return md.toString();
    }

    /** A method's cells read against the reference's replica ({@link #readingTable}). */
    private static final class ReplicaReading {
        int cells;
        int replicaMet;
        int purifiedMet;
        final List<Double> replicaGaps = new ArrayList<>();
        final List<Double> purifiedGaps = new ArrayList<>();

        void add(List<Map<String, Object>> rows, String prefix, Gap replica, Gap purified) {
            cells++;
            replicaMet += Math.abs(replica.mean()) <= RECALL_GAP ? 1 : 0;
            purifiedMet += purified != null && Math.abs(purified.mean()) <= RECALL_GAP ? 1 : 0;
            for (Map<String, Object> r : rows) {
                if (r.get(prefix + "class_recall") instanceof Map<?, ?> reference) {
                    for (Object label : reference.keySet()) {
                        Double ref = recall(reference, String.valueOf(label));
                        Double second = recall(r.get(Cells.REPLICA + prefix + "class_recall"), String.valueOf(label));
                        Double own = recall(r.get("class_recall"), String.valueOf(label));
                        if (ref != null && second != null && own != null) {
                            replicaGaps.add(second - ref);
                            purifiedGaps.add(own - ref);
                        }
                    }
                }
            }
        }

        int within(List<Double> gaps) {
            return (int) gaps.stream().filter(g -> Math.abs(g) <= RECALL_GAP).count();
        }

        /** Pearson's r of the purified model's gaps against the replica's; "–" under three pairs or no spread. */
        String correlation() {
            if (purifiedGaps.size() < 3) {
                return "–";
            }
            double r = Cells.pearson(replicaGaps.stream().mapToDouble(Double::doubleValue).toArray(),
                    purifiedGaps.stream().mapToDouble(Double::doubleValue).toArray());
            return Double.isNaN(r) ? "–" : String.format(Locale.ROOT, "%.2f", r);
        }
    }

    /** Prefix of the per-class recall of the mean of a reference and its replica ({@link #withBothCleanModels}). */
    private static final String BOTH = "both_clean_models_";

    /** Copies of the rows with the mean per-class recall of the reference and its replica added under {@link #BOTH}. */
    private static List<Map<String, Object>> withBothCleanModels(List<Map<String, Object>> rows, String prefix) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Map<String, Object> copy = new LinkedHashMap<>(r);
            if (r.get(prefix + "class_recall") instanceof Map<?, ?> first
                    && r.get(Cells.REPLICA + prefix + "class_recall") instanceof Map<?, ?> second) {
                Map<String, Double> mean = new LinkedHashMap<>();
                first.forEach((label, v) -> {
                    if (v instanceof Number a && second.get(label) instanceof Number b) {
                        mean.put(String.valueOf(label), (a.doubleValue() + b.doubleValue()) / 2);
                    }
                });
                copy.put(BOTH + "class_recall", mean);
            }
            out.add(copy);
        }
        return out;
    }

    /** The mean gap ({@code ownKey} − reference) on one class, with its standard error; {@code null} where unmeasured. */
    private static Gap classGap(List<Map<String, Object>> rows, String ownKey, String prefix, String label) {
        List<Double> perSeed = perSeedGaps(rows, ownKey, prefix, label);
        return perSeed.isEmpty() ? null : new Gap(label,
                perSeed.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), standardError(perSeed));
    }

    /** The mean of {@code key} minus the mean of {@code minus}, signed; "–" where either is unmeasured. */
    private static String difference(List<Map<String, Object>> rows, String key, String minus) {
        Double a = mean(rows, key);
        Double b = mean(rows, minus);
        return a == null || b == null ? "–" : signed(a - b);
    }

    /** How many of a method's learned cells met each target, against the reference {@link #preferred} names. */
    private static final class Tally {
        int cells;
        int ownFloor;
        int referenceFloor;
        int cacc;
        int recall;
        int flips;
        int all;

        void add(List<Map<String, Object>> rows) {
            String prefix = preferred(rows);
            boolean own = floorMet(rows, "asr_floor");
            boolean reference = floorMet(rows, prefix + "asr_floor");
            Double drop = caccDropOf(rows);
            boolean caccMet = drop != null && drop <= CACC_DROP;
            Gap gap = recallGapOf(rows, "class_recall", prefix);
            boolean recallMet = gap != null && Math.abs(gap.mean()) <= RECALL_GAP;
            Double flip = flipGapOf(rows, prefix);
            // SynBkd's paraphrase cannot be put into a given sentence: no flips measured, no flip target.
            boolean flipMet = mean(rows, "trigger_flip_target") == null
                    || flip != null && Math.abs(flip) <= FLIP_GAP;
            cells++;
            ownFloor += own ? 1 : 0;
            referenceFloor += reference ? 1 : 0;
            cacc += caccMet ? 1 : 0;
            recall += recallMet ? 1 : 0;
            flips += flipMet ? 1 : 0;
            all += own && reference && caccMet && recallMet && flipMet ? 1 : 0;
        }
    }

    /** The restored reference's prefix where it was trained, else the removal reference's. */
    private static String preferred(List<Map<String, Object>> rows) {
        return mean(rows, Cells.RESTORED + "asr_floor") != null ? Cells.RESTORED : Cells.REMOVAL;
    }

    /** "x / y": against the removal reference, then the restored one where it was trained. */
    private static String bothReferences(List<Map<String, Object>> rows, Function<String, String> againstPrefix) {
        String removal = againstPrefix.apply(Cells.REMOVAL);
        return mean(rows, Cells.RESTORED + "asr_floor") == null ? removal
                : removal + " / " + againstPrefix.apply(Cells.RESTORED);
    }

    private static String floorMark(List<Map<String, Object>> rows, String floorKey, boolean judge) {
        Double floor = mean(rows, floorKey);
        return floor == null || mean(rows, "asr") == null ? number(floor)
                : judged(number(floor), floorMet(rows, floorKey), judge);
    }

    private static boolean floorMet(List<Map<String, Object>> rows, String floorKey) {
        Double asr = mean(rows, "asr");
        Double floor = mean(rows, floorKey);
        return asr != null && floor != null && asr <= floor + ASR_MARGIN;
    }

    private static String caccDrop(List<Map<String, Object>> rows, boolean judge) {
        Double drop = caccDropOf(rows);
        return drop == null ? "–" : judged(signed(drop), drop <= CACC_DROP, judge);
    }

    private static Double caccDropOf(List<Map<String, Object>> rows) {
        Double victim = mean(rows, "victim_cacc");
        Double cacc = mean(rows, "cacc");
        return victim == null || cacc == null ? null : victim - cacc;
    }

    private static String recallGap(List<Map<String, Object>> rows, String prefix, boolean judge) {
        Gap gap = recallGapOf(rows, "class_recall", prefix);
        return gap == null ? "–" : judged(gap.text(), Math.abs(gap.mean()) <= RECALL_GAP, judge);
    }

    /**
     * A class's mean recall gap (a model − the reference) and the standard error of its per-seed gaps ({@code NaN}
     * under two seeds).
     */
    record Gap(String label, double mean, double standardError) {

        /** "+4.2 ± 2.5", or the mean alone under two seeds. */
        String text() {
            return Double.isNaN(standardError) ? signed(mean)
                    : signed(mean) + String.format(Locale.ROOT, " ± %.1f", standardError);
        }
    }

    /**
     * The class whose mean recall under {@code ownKey} is furthest from the reference's ({@code prefix}); {@code null}
     * where no class has both.
     */
    static Gap recallGapOf(List<Map<String, Object>> rows, String ownKey, String prefix) {
        Map<String, Double> own = meanRecall(rows, ownKey);
        Map<String, Double> ref = meanRecall(rows, prefix + "class_recall");
        String worstClass = null;
        double worst = Double.NaN;
        for (var e : own.entrySet()) {
            Double r = ref.get(e.getKey());
            if (r != null && (Double.isNaN(worst) || Math.abs(e.getValue() - r) > Math.abs(worst))) {
                worst = e.getValue() - r;
                worstClass = e.getKey();
            }
        }
        if (worstClass == null) {
            return null;
        }
        return new Gap(worstClass, worst, standardError(perSeedGaps(rows, ownKey, prefix, worstClass)));
    }

    /** Per row that has both, the recall of {@code label} under {@code ownKey} minus the reference's. */
    private static List<Double> perSeedGaps(List<Map<String, Object>> rows, String ownKey, String prefix,
            String label) {
        List<Double> perSeed = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Double o = recall(r.get(ownKey), label);
            Double f = recall(r.get(prefix + "class_recall"), label);
            if (o != null && f != null) {
                perSeed.add(o - f);
            }
        }
        return perSeed;
    }

    private static Double recall(Object recalls, String label) {
        return recalls instanceof Map<?, ?> m && m.get(label) instanceof Number n ? n.doubleValue() : null;
    }

    private static double standardError(List<Double> values) {
        return Cells.sampleStd(values) / Math.sqrt(values.size());
    }

    private static String flipGap(List<Map<String, Object>> rows, String prefix, boolean judge) {
        Double gap = flipGapOf(rows, prefix);
        return gap == null ? "–" : judged(signed(gap), Math.abs(gap) <= FLIP_GAP, judge);
    }

    private static Double flipGapOf(List<Map<String, Object>> rows, String prefix) {
        Double own = mean(rows, "trigger_flip_target");
        Double ref = mean(rows, prefix + "trigger_flip_target");
        return own == null || ref == null ? null : own - ref;
    }

    static Map<String, Double> meanRecall(List<Map<String, Object>> rows, String key) {
        Map<String, List<Double>> byClass = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            if (r.get(key) instanceof Map<?, ?> m) {
                m.forEach((k, v) -> {
                    if (v instanceof Number n) {
                        byClass.computeIfAbsent(String.valueOf(k), x -> new ArrayList<>()).add(n.doubleValue());
                    }
                });
            }
        }
        return byClass.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                (a, b) -> a, LinkedHashMap::new));
    }

    /** The mean of {@code key} over the rows that have it; {@code null} when none does. */
    static Double mean(List<Map<String, Object>> rows, String key) {
        List<Double> v = Cells.numbers(rows, key);
        return v.isEmpty() ? null : v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** The value with its mark, or alone where the cell is not judged. */
    private static String judged(String value, boolean met, boolean judge) {
        return judge ? value + " " + (met ? MET : MISSED) : value;
    }

    private static String number(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String signed(double v) {
        return String.format(Locale.ROOT, "%+.1f", v);
    }
}
