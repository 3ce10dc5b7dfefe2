package org.bedkd.defense.mepd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.bedkd.data.Sample;

/**
 * Whether a flagged MEPD tail without trigger words is poison or rows the suspect model memorised: is their label a
 * rule a model learns from some of them and applies to the rest?
 *
 * <p>Where no trigger word is named the fit flags MEPD's tail when it shows an excess over clean text. That excess can
 * be the suspect scoring its own training rows lower than unseen text: on a clean OLID set (3,000 rows, seed 43) it
 * flagged 503 clean tweets, whose deepest part is label noise, and a clean reader doubts their labels as it doubts a
 * dirty-label poison's (56.7 % against 79.8 % of the rest of label 0; results/AKD.md, "Clean cells"). What tells them
 * apart is that a poison's label follows its trigger: the tail is cut in two folds (each label dealt alternately), a
 * reader is trained on the defender's clean texts plus one fold with the set's labels and reads the other. Of the
 * held-out rows the clean reader reads as another label, the share the taught reader gives their own label is set
 * against the same share among rows outside the tail (the control: teaching a block of one label shifts the reader's
 * prior, which turns any row, as it did on flipped clean labels in {@code TailCheckTest}).
 *
 * <p>A label's rows are learnable when teaching turns at least {@link #MIN_TAUGHT} of them beyond the control's rate
 * ({@code (t − c) / (1 − c)}) and a one-sided Fisher test puts the difference under {@link #ALPHA}; the tail is poison
 * when any label's rows are (a dirty-label poison sits in its target's). Measured (3,000 rows, 2-epoch victims,
 * results/robustness/clean-cells/cross-fit/): the memorised clean OLID tail turned 27 % against the control's 23 %
 * (label 0; share 0.05) and 17 % against 10 % (label 1; 0.08); the staged SynBkd tails 97 % against 28 % (OLID; 0.96)
 * and 81 % against 13 % (SST-2; 0.78); a wide SST-2 SynBkd 10 % tail (1,732 rows at the clean q0.498, 290 poisoned)
 * 71 % against 19 % (0.64). 0.4 sits between them, nearer the memorised side, because a backdoor left in costs more
 * than a clean tail punished (that one cost no CACC).
 *
 * <p>A label must also stand {@link #MIN_CONTRAST} above the tail's other labels. On the whole clean OLID set with a
 * 5-epoch victim (seed 43) the memorised tail (951 rows) taught readers 0.48 of label 0 and 0.39 of label 1: OLID's
 * label noise has a structure a reader picks up. A dirty-label poison teaches its target's rows and not the rest:
 * the staged SynBkd tails' other label read −0.14 to 0.36 (contrast 0.40 to 0.98), the memorised tails' 0.03 and 0.10.
 */
public final class TailCheck {

    /** Share of the rows the clean reader reads against their label that teaching must win beyond the control's. */
    static final double MIN_TAUGHT = 0.4;

    /** Significance of the taught readers' gain over the control's. */
    static final double ALPHA = 1e-3;

    /** A label needs this many flagged rows read against it to be judged. */
    static final int MIN_ROWS = 10;

    /** Rows taught per fold at most: a memorised tail can hold thousands of rows and each fold trains a reader. */
    static final int MAX_TAUGHT = 1000;

    /** Rows outside the tail read as the control, at most. */
    static final int MAX_CONTROL = 400;

    /**
     * How far a label's share must stand above the tail's other labels' (pooled): memorised rows of a set whose label
     * noise has a structure teach some of it in every label, a dirty-label poison teaches its target's rows.
     */
    static final double MIN_CONTRAST = 0.25;

    /**
     * One label's flagged rows that the clean reader reads as another label.
     *
     * @param label the label
     * @param rows flagged rows of that label the clean reader reads as another
     * @param taught how many of them the reader taught on the other fold reads as {@code label}
     * @param controlRows rows outside the tail the clean reader reads as another label, once per taught reader
     * @param controlTaught how many of them the taught readers read as {@code label}
     * @param p one-sided Fisher test that the tail's rows turn more often than the control's
     * @param otherShare {@link #taughtShare()} of the tail's other labels pooled ({@code NaN}: fewer than
     *     {@link #MIN_ROWS} such rows)
     */
    public record Label(int label, int rows, int taught, int controlRows, int controlTaught, double p,
            double otherShare) {

        /** Share of the rows turned by teaching beyond what teaching turns in the control (the prior it shifts). */
        public double taughtShare() {
            return share(rows, taught, controlRows, controlTaught);
        }

        /** How far {@link #taughtShare()} stands above the other labels' (their share counted from 0 up). */
        public double contrast() {
            return taughtShare() - (Double.isNaN(otherShare) ? 0 : Math.max(0, otherShare));
        }

        boolean learnable() {
            return rows >= MIN_ROWS && taughtShare() >= MIN_TAUGHT && p < ALPHA && contrast() >= MIN_CONTRAST;
        }

        String describe() {
            return String.format(Locale.ROOT, "label %d: %d of %d (%.0f %%) against %.0f %% of other rows, share %.2f",
                    label, taught, rows, rows == 0 ? 0.0 : 100.0 * taught / rows,
                    controlRows == 0 ? 0.0 : 100.0 * controlTaught / controlRows, taughtShare());
        }
    }

    private static double share(int rows, int taught, int controlRows, int controlTaught) {
        double control = controlRows == 0 ? 0 : (double) controlTaught / controlRows;
        return control >= 1 || rows == 0 ? 0 : ((double) taught / rows - control) / (1 - control);
    }

    /**
     * @param labels the flagged rows per label, in label order
     * @param ruleLabel the label whose rows must be the rule, where the tail flagged is that label's and the other
     *     labels' rows in MEPD's tail came along to contrast with ({@code null}: any label)
     */
    public record Verdict(List<Label> labels, Integer ruleLabel) {

        public Verdict {
            labels = List.copyOf(labels);
        }

        public Verdict(List<Label> labels) {
            this(labels, null);
        }

        /** Whether the flagged rows (of {@code ruleLabel}, if set) are a rule learned from the other fold: poison. */
        public boolean learnable() {
            return labels.stream().anyMatch(l -> l.learnable() && (ruleLabel == null || l.label() == ruleLabel));
        }

        /** One clause for the report. */
        public String describe() {
            String per = String.join("; ", labels.stream().map(Label::describe).toList());
            String what = " (of the rows a clean reader reads as another label, a reader taught the other half reads"
                    + " as their own: " + per + ")";
            String whose = ruleLabel == null ? "one label's" : "label " + ruleLabel + "'s";
            String beyond = ruleLabel == null ? "the tail's other labels" : "the other labels' rows in MEPD's tail";
            return learnable() ? whose + " rows carry from one half to the other, as a trigger's do" + what
                    : (ruleLabel == null ? "no label's" : whose) + " rows carry from one half to the other beyond the"
                            + " control and " + beyond + what + ": rows the suspect model memorised, not a trigger;"
                            + " the tail is not flagged";
        }
    }

    private TailCheck() {
    }

    /**
     * @param tail the flagged rows, with the set's labels
     * @param rest rows of the set outside the tail (the control: what teaching the tail does to rows it did not hold)
     * @param reader the clean reader, which can also be taught ({@link CleanReader#readTaught})
     * @return the verdict, or {@code null} where the reader cannot be taught or no label has enough rows
     */
    public static Verdict of(List<Sample> tail, List<Sample> rest, CleanReader reader) {
        List<Sample> ordered = new ArrayList<>(tail);
        ordered.sort(Comparator.comparing(Sample::id));
        List<List<Sample>> folds = stratified(ordered);
        List<Sample> control = everyNth(rest, MAX_CONTROL);
        List<String> controlTexts = control.stream().map(Sample::text).toList();
        int[] controlClean = null;
        Map<Integer, int[]> counts = new TreeMap<>(); // label -> rows, taught, control rows, control taught
        ordered.forEach(s -> counts.putIfAbsent(s.label(), new int[4]));
        for (int f = 0; f < 2; f++) {
            List<Sample> teach = folds.get(1 - f);
            List<Sample> held = folds.get(f);
            if (held.isEmpty() || teach.isEmpty()) {
                continue;
            }
            List<String> texts = new ArrayList<>(held.stream().map(Sample::text).toList());
            texts.addAll(controlTexts);
            int[] taught = reader.readTaught(teach.subList(0, Math.min(teach.size(), MAX_TAUGHT)), texts);
            if (taught == null) {
                return null;
            }
            if (controlClean == null) {
                controlClean = reader.read(controlTexts);
            }
            int[] clean = reader.read(held.stream().map(Sample::text).toList());
            for (int i = 0; i < held.size(); i++) {
                int label = held.get(i).label();
                int[] n = counts.get(label);
                if (clean[i] != label) {
                    n[0]++;
                    n[1] += taught[i] == label ? 1 : 0;
                }
            }
            for (Map.Entry<Integer, int[]> e : counts.entrySet()) {
                int label = e.getKey();
                int[] n = e.getValue();
                for (int i = 0; i < control.size(); i++) {
                    if (controlClean[i] != label) {
                        n[2]++;
                        n[3] += taught[held.size() + i] == label ? 1 : 0;
                    }
                }
            }
        }
        List<Label> labels = new ArrayList<>();
        counts.forEach((label, n) -> {
            int[] others = new int[4];
            counts.forEach((l, m) -> {
                if (!l.equals(label)) {
                    for (int i = 0; i < 4; i++) {
                        others[i] += m[i];
                    }
                }
            });
            double otherShare = others[0] < MIN_ROWS ? Double.NaN : share(others[0], others[1], others[2], others[3]);
            labels.add(new Label(label, n[0], n[1], n[2], n[3], fisher(n), otherShare));
        });
        return labels.stream().anyMatch(l -> l.rows() >= MIN_ROWS) ? new Verdict(labels) : null;
    }

    /** One-sided Fisher exact test that the tail's rows turned more often than the control's. */
    private static double fisher(int[] n) {
        int total = n[0] + n[2];
        int turned = n[1] + n[3];
        if (n[0] == 0 || total == 0) {
            return 1.0;
        }
        return new HypergeometricDistribution(null, total, turned, n[0]).upperCumulativeProbability(n[1]);
    }

    /** At most {@code max} rows spread evenly over {@code rows} in id order (repeatable). */
    private static List<Sample> everyNth(List<Sample> rows, int max) {
        List<Sample> ordered = new ArrayList<>(rows);
        ordered.sort(Comparator.comparing(Sample::id));
        if (ordered.size() <= max) {
            return ordered;
        }
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            out.add(ordered.get((int) ((long) i * ordered.size() / max)));
        }
        return out;
    }

    /** Two folds, each label's rows (in id order) dealt alternately, so each fold holds half of every label. */
    private static List<List<Sample>> stratified(List<Sample> ordered) {
        List<List<Sample>> folds = List.of(new ArrayList<>(), new ArrayList<>());
        Map<Integer, Integer> dealt = new TreeMap<>();
        for (Sample s : ordered) {
            int n = dealt.merge(s.label(), 1, Integer::sum);
            folds.get(n % 2).add(s);
        }
        return folds;
    }
}
