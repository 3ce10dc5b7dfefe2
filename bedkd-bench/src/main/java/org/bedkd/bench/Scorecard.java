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
                .filter(rows -> mean(rows, "reference_asr_floor") != null).toList();
        if (judged.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n## Targets, per cell\n\n");
        md.append(String.format(Locale.ROOT, "Means over seeds. A mark per target: ASR ≤ floor + %.0f (its own floor, "
                + "then the clean reference's), CACC at most %.0f below the victim's, every class's recall within %.0f "
                + "points of the reference's (the largest gap shown, signed as purified − reference), the target class's "
                + "trigger flips within %.0f points of the reference's. Where two values stand, the first is against the "
                + "reference trained without the poisoned rows, the second against the one trained on the rows as "
                + "they were before poisoning (`--restored-reference`). A cell whose victim's ASR is under %.0f %% did "
                + "not learn the trigger and is not judged.%n%n", ASR_MARGIN, CACC_DROP, RECALL_GAP, FLIP_GAP,
                LEARNED_ASR));
        md.append("| cell | method | seeds | victim ASR | ASR | own floor | reference floor | CACC drop "
                + "| class recall gap | target-class flip gap |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (List<Map<String, Object>> rows : judged) {
            Map<String, Object> first = rows.get(0);
            Double victimAsr = mean(rows, "victim_asr");
            boolean learned = victimAsr == null || victimAsr >= LEARNED_ASR;
            md.append(String.format(Locale.ROOT, "| %s × %s%s | %s | %d | %s | %s | %s | %s | %s | %s | %s |%n",
                    first.get("dataset"), first.get("attack"), Cells.variantTitle(first), first.get("method"),
                    rows.size(), learned ? number(victimAsr) : number(victimAsr) + " (not learned)",
                    number(mean(rows, "asr")), floorMark(rows, "asr_floor", learned),
                    bothReferences(rows, r -> floorMark(rows, r + "asr_floor", learned)), caccDrop(rows, learned), bothReferences(rows, r -> recallGap(rows, r, learned)),
                    bothReferences(rows, r -> flipGap(rows, r, learned))));
        }
        return md.toString();
    }

    /** "x / y": against the removal reference, then the restored one where it was trained. */
    private static String bothReferences(List<Map<String, Object>> rows, Function<String, String> againstPrefix) {
        String removal = againstPrefix.apply("reference_");
        return mean(rows, "restored_reference_asr_floor") == null ? removal
                : removal + " / " + againstPrefix.apply("restored_reference_");
    }

    private static String floorMark(List<Map<String, Object>> rows, String floorKey, boolean judge) {
        Double asr = mean(rows, "asr");
        Double floor = mean(rows, floorKey);
        return floor == null || asr == null ? number(floor) : judged(number(floor), asr <= floor + ASR_MARGIN, judge);
    }

    private static String caccDrop(List<Map<String, Object>> rows, boolean judge) {
        Double victim = mean(rows, "victim_cacc");
        Double cacc = mean(rows, "cacc");
        if (victim == null || cacc == null) {
            return "–";
        }
        double drop = victim - cacc;
        return judged(signed(drop), drop <= CACC_DROP, judge);
    }

    /** The class whose mean recall is furthest from the reference's, signed (purified − reference). */
    private static String recallGap(List<Map<String, Object>> rows, String prefix, boolean judge) {
        Map<String, Double> own = meanRecall(rows, "class_recall");
        Map<String, Double> ref = meanRecall(rows, prefix + "class_recall");
        double worst = Double.NaN;
        for (var e : own.entrySet()) {
            Double r = ref.get(e.getKey());
            if (r != null && (Double.isNaN(worst) || Math.abs(e.getValue() - r) > Math.abs(worst))) {
                worst = e.getValue() - r;
            }
        }
        if (Double.isNaN(worst)) {
            return "–";
        }
        return judged(signed(worst), Math.abs(worst) <= RECALL_GAP, judge);
    }

    private static String flipGap(List<Map<String, Object>> rows, String prefix, boolean judge) {
        Double own = mean(rows, "trigger_flip_target");
        Double ref = mean(rows, prefix + "trigger_flip_target");
        if (own == null || ref == null) {
            return "–";
        }
        double gap = own - ref;
        return judged(signed(gap), Math.abs(gap) <= FLIP_GAP, judge);
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
