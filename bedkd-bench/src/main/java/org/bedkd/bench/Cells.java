package org.bedkd.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bedkd.cli.CliSupport;
import org.bedkd.data.TaskData;
import org.bedkd.defense.mepd.DetectionQuality;
import org.bedkd.metrics.Evaluation;
import org.bedkd.model.Precision;
import org.bedkd.model.PretrainedEncoder;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.pipeline.ExperimentReport;
import org.bedkd.pipeline.MethodSpec;
import org.bedkd.pipeline.Overrides;
import org.bedkd.defense.filter.InputFilters;
import org.bedkd.pipeline.Profile;
import org.bedkd.pipeline.TaskCatalog;

/** Rows of {@code reproduction.json}: one per dataset, attack, profile, method and seed; percentages 0–100. */
final class Cells {

    static final List<String> METHOD_ORDER = List.of("none", "ft", "kd", "ft+dmm", "kd+dmm", "bedkd-paper",
            "bedkd-bounded", "bedkd-relabel", "bedkd-balanced", "bedkd-quantile", "bedkd-quantile-balanced",
            "bedkd-estimate", "bedkd-fit", "bedkd-fit-balanced", "bedkd", "imbert", "onion-bigram", "strip");

    static final Comparator<Map<String, Object>> ORDER = Comparator
            .comparing((Map<String, Object> c) -> String.valueOf(c.get("dataset")))
            .thenComparing(c -> String.valueOf(c.get("attack")))
            .thenComparing(Cells::poisonRate) // staged cells first, then the built ones by rate
            .thenComparing(c -> String.valueOf(c.getOrDefault("variant", "")))
            .thenComparing(Cells::trainRows)
            .thenComparing(c -> profileRank(profile(c)))
            .thenComparing(c -> encoderRank(encoder(c)))
            .thenComparing(c -> Precision.parse(precision(c)).ordinal()) // float32 first: the baseline
            .thenComparing(c -> METHOD_ORDER.indexOf(String.valueOf(c.get("method"))))
            .thenComparing(Cells::settings) // the default's rows before those of a run with --set
            .thenComparing(c -> ((Number) c.get("seed")).longValue());

    private Cells() {
    }

    /**
     * @param data the cell (its dataset, attack and classes)
     * @param variant how the cell was built here (its rows get the {@code variant} name, such as {@code 1pct-t0}, a
     *     {@code poison_rate} in percent and the {@code trigger} where it is not the attack's standard one);
     *     {@code null} for a staged cell
     * @param references the clean references' scores on the same test sets, where trained
     */
    static List<Map<String, Object>> of(ExperimentReport r, TaskData data, List<String> methods, Variant variant,
            References references) {
        String commit = CliSupport.commit();
        String dataset = data.dataset();
        String attack = TaskCatalog.attackName(data.attack());
        List<Map<String, Object>> out = new ArrayList<>();
        if (methods.contains("none")) {
            out.add(withRecall(cell(r, dataset, attack, "none", r.victim(), null, 0, 0, 0, commit), r.victim(), data));
        }
        for (ExperimentReport.MethodResult m : r.methods()) {
            Map<String, Object> c = cell(r, dataset, attack, m.method(), m.evaluation(), m.flagging(),
                    m.selectedEpoch(), m.seconds(), m.punished(), commit);
            c.put("gamma_rule", m.gammaRule());
            c.put("gamma", m.gamma() == null ? null : Math.round(m.gamma() * 10000) / 10000.0);
            if (m.filter() != null) {
                c.put("dmm_alpha", null);
                c.put("selected_epoch", null);
                c.put("epochs", null);
                c.put("punished", null);
                c.put("filter_setting", m.filter().setting());
                c.put("filter_ms_per_input", round(m.filter().filterMsPerSample()));
                c.put("model_ms_per_input", round(m.filter().modelMsPerSample()));
                c.put("clean_refused", round(m.filter().cleanRefused()));
                c.put("triggered_refused", round(m.filter().triggeredRefused()));
                c.put("fit_seconds", round(m.filter().fitSeconds()));
            }
            out.add(withRecall(c, m.evaluation(), data));
        }
        for (Map<String, Object> c : out) {
            if (variant != null) {
                c.put("variant", variant.name());
                c.put("poison_rate", round(100 * variant.poisonRate()));
                c.put("target", r.target());
                c.put("poisoned_rows", r.sizes().trainPoisoned());
                if (variant.trigger() != null) {
                    c.put("trigger", variant.trigger());
                }
            }
            putReference(c, REMOVAL, references.removal(), data);
            putReference(c, RESTORED, references.restored(), data);
            putReference(c, REPLICA + REMOVAL, references.removalReplica(), data);
            putReference(c, REPLICA + RESTORED, references.restoredReplica(), data);
            if (references.removalReplica() != null || references.restoredReplica() != null) {
                c.put("replica_seed", r.config().seed() + ReproduceCommand.REPLICA_SEED_OFFSET);
            }
        }
        return out;
    }

    /**
     * How a cell was built here.
     *
     * @param poisonRate the share of poisoned rows asked for (0.05)
     * @param name {@code 5pct-t0}, or {@code 5pct-t0-jz-qv} with another trigger ({@code TaskCatalog.builtVariant})
     * @param trigger the trigger where it is not the attack's standard one, as a person reads it; else {@code null}
     */
    record Variant(double poisonRate, String name, String trigger) {
    }

    /** Prefix of a reference's fields for its replica: the same rows, trained with another seed. */
    static final String REPLICA = "replica_";

    /** Prefix of the fields of the reference trained without the poisoned rows. */
    static final String REMOVAL = "reference_";

    /** Prefix of the fields of the reference trained on the rows as they were before poisoning. */
    static final String RESTORED = "restored_reference_";

    /**
     * The clean references of one cell and seed, each {@code null} where not trained.
     *
     * @param removal trained on the cell's rows without the poisoned ones
     * @param restored trained on the rows as they were before poisoning
     * @param removalReplica {@code removal} trained again with another seed
     * @param restoredReplica {@code restored} trained again with another seed
     */
    record References(Evaluation removal, Evaluation restored, Evaluation removalReplica,
            Evaluation restoredReplica) {

        /** No reference trained. */
        static final References NONE = new References(null, null, null, null);
    }

    /** The field prefixes of each reference a row can carry. */
    private static final List<String> REFERENCE_PREFIXES = List.of(REMOVAL, RESTORED,
            REPLICA + REMOVAL, REPLICA + RESTORED);

    /**
     * Whether two rows of one cell and seed come from the same victim (its ASR, floor and CACC alike). A reference is
     * trained the way the victim is, on the same rows, so one kept from a row whose victim differs was trained with
     * other settings (OLID BadWords 5 % t0 kept references trained with 2 victim epochs beside 5-epoch victims: its
     * restored reference's CACC 83.4 where one trained with 5 scores 80.9).
     */
    static boolean sameVictim(Map<String, Object> a, Map<String, Object> b) {
        return Objects.equals(a.get("victim_asr"), b.get("victim_asr"))
                && Objects.equals(a.get("victim_cacc"), b.get("victim_cacc"))
                && Objects.equals(a.get("train_rows"), b.get("train_rows"));
    }

    /**
     * The reference prefixes ({@code reference_}, {@code restored_reference_}, ...) that {@code stored} rows of the same
     * cell, method and seed as one of {@code fresh} carry beside another victim: reusing them would judge the new
     * victim's defense against references trained with the old settings, dropping them would lose them, so the run
     * trains them again.
     */
    static Set<String> movedReferences(List<Map<String, Object>> stored, List<Map<String, Object>> fresh) {
        Set<String> out = new TreeSet<>();
        for (Map<String, Object> cell : fresh) {
            stored.stream().filter(old -> sameCellAndMethod(old, cell) && !sameVictim(old, cell))
                    .forEach(old -> REFERENCE_PREFIXES.stream()
                            .filter(prefix -> old.keySet().stream().anyMatch(k -> k.startsWith(prefix)))
                            .forEach(out::add));
        }
        return out;
    }

    /** Copies {@code from}'s reference fields into {@code to} where {@code to} has none of that reference. */
    static void keepReferences(Map<String, Object> from, Map<String, Object> to) {
        for (String prefix : REFERENCE_PREFIXES) {
            if (to.keySet().stream().noneMatch(k -> k.startsWith(prefix))) {
                from.forEach((k, v) -> {
                    if (k.startsWith(prefix)) {
                        to.put(k, v);
                    }
                });
            }
        }
        boolean hasReplica = to.keySet().stream().anyMatch(k -> k.startsWith(REPLICA + REMOVAL)
                || k.startsWith(REPLICA + RESTORED));
        if (hasReplica && from.containsKey("replica_seed")) {
            to.putIfAbsent("replica_seed", from.get("replica_seed"));
        }
    }

    private static void putReference(Map<String, Object> c, String prefix, Evaluation reference, TaskData data) {
        if (reference != null) {
            c.put(prefix + "asr_floor", round(reference.asr()));
            c.put(prefix + "cacc", round(reference.cacc()));
            c.put(prefix + "class_recall", recall(reference, data));
            c.put(prefix + "trigger_flip_target", round(reference.triggerFlipTarget()));
            c.put(prefix + "trigger_flip_nontarget", round(reference.triggerFlipNonTarget()));
        }
    }

    /** Per-class recall (label → percent) and the trigger flips where the trigger could be inserted. */
    private static Map<String, Object> withRecall(Map<String, Object> c, Evaluation e, TaskData data) {
        c.put("class_recall", recall(e, data));
        if (!Double.isNaN(e.triggerFlipTarget())) {
            c.put("trigger_flip_target", round(e.triggerFlipTarget()));
            c.put("trigger_flip_nontarget", round(e.triggerFlipNonTarget()));
        }
        return c;
    }

    private static Map<String, Double> recall(Evaluation e, TaskData data) {
        Map<String, Double> m = new LinkedHashMap<>();
        e.classRecall(data.schema()).forEach((k, v) -> m.put(k, round(v)));
        return m;
    }

    /** A detection's FAR, rounded; none where nothing was poisoned (a clean cell): nothing there could be missed. */
    static Double far(DetectionQuality q) {
        return q == null || q.poisoned() == 0 ? null : round(q.far());
    }

    private static Map<String, Object> cell(ExperimentReport r, String dataset, String attack, String method,
            Evaluation e, DetectionQuality q, int selectedEpoch, double seconds, int punished, String commit) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("dataset", dataset);
        c.put("attack", attack);
        c.put("method", method);
        c.put("seed", r.config().seed());
        c.put("asr", round(e.asr()));
        c.put("cacc", round(e.cacc()));
        c.put("asr_floor", round(e.asrFloor()));
        boolean usesDmm = !InputFilters.isRow(method) && MethodSpec.resolve(method, r.config()).method().usesFlagged();
        c.put("dmm_alpha", usesDmm ? round(r.config().dmm().alpha()) : null);
        c.put("far", far(q));
        c.put("frr", q == null ? null : round(q.frr()));
        c.put("victim_asr", round(r.victim().asr()));
        c.put("victim_cacc", round(r.victim().cacc()));
        c.put("model", MODEL_NAMES.get(r.config().victim().model().pretrained()) + " ("
                + r.config().victim().model().layers() + " layers, max " + r.config().victim().model().maxSequenceLength()
                + " tokens)");
        c.put("encoder", r.config().victim().model().encoder());
        c.put("precision", r.config().speed().resolvedPrecision().label());
        c.put("train_rows", r.sizes().train());
        c.put("test_rows", r.sizes().testClean());
        c.put("epochs", method.equals("none") ? r.config().victim().epochs() : r.config().akd().epochs());
        c.put("selected_epoch", method.equals("none") ? null : selectedEpoch);
        c.put("punished", method.equals("none") ? null : punished);
        c.put("seconds", round(method.equals("none") ? r.victimSeconds() : seconds));
        c.put("profile", r.config().profile());
        Map<String, String> settings = departures(r.config());
        if (!settings.isEmpty()) {
            c.put(SETTINGS, settings);
        }
        c.put("commit", commit);
        return c;
    }

    /** The defense settings a row's run changed from its profile's ({@code --set}); absent on a run of the default. */
    static final String SETTINGS = "settings";

    /** The defense settings a run changed from its profile's: a row's {@link #SETTINGS} and its run's directory. */
    static Map<String, String> departures(ExperimentConfig config) {
        return Overrides.departures(config, Profile.parse(config.profile()).config());
    }

    /** A row's changed settings, "patience=0, laterOnTies=true"; empty for the default. */
    static String settings(Map<String, Object> c) {
        return c.get(SETTINGS) instanceof Map<?, ?> m ? m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")) : "";
    }

    /** The method as tables show it: with the settings it ran under where they are not the default's. */
    static String methodLabel(Map<String, Object> c) {
        String settings = settings(c);
        return c.get("method") + (settings.isEmpty() ? "" : " (" + settings + ")");
    }

    static final Map<PretrainedEncoder, String> MODEL_NAMES = Map.of(PretrainedEncoder.MINILM_L6, "all-MiniLM-L6-v2",
            PretrainedEncoder.BGE_SMALL, "bge-small-en-v1.5");

    /**
     * The poison rate (percent) a built cell asked for, read off its variant for rows written before the column
     * existed; -1 for a staged cell.
     */
    static double poisonRate(Map<String, Object> c) {
        if (c.get("poison_rate") instanceof Number n) {
            return n.doubleValue();
        }
        Object v = c.get("variant");
        return v == null ? -1 : Double.parseDouble(v.toString().substring(0, v.toString().indexOf("pct")));
    }

    /**
     * The rows a cell's models trained on: part of what a cell is, so a run of the same cell on the whole set sits
     * beside the 3,000-row one instead of replacing it.
     */
    static long trainRows(Map<String, Object> c) {
        return c.get("train_rows") instanceof Number n ? n.longValue() : -1;
    }

    /** A row's pretrained encoder; rows written before the column existed were all MiniLM. */
    static String encoder(Map<String, Object> c) {
        Object e = c.get("encoder");
        return e == null ? PretrainedEncoder.MINILM_L6.id() : String.valueOf(e);
    }

    private static int encoderRank(String encoder) {
        return PretrainedEncoder.parse(encoder).ordinal();
    }

    /** A row's precision; rows written before the column existed ran in float32. */
    static String precision(Map<String, Object> c) {
        Object p = c.get("precision");
        return p == null ? Precision.FP32.label() : p.toString();
    }

    /** The model column: the encoder's name, with the precision where it is not float32. */
    private static String modelName(Map<String, Object> c) {
        String name = MODEL_NAMES.get(PretrainedEncoder.parse(encoder(c)));
        return precision(c).equals(Precision.FP32.label()) ? name : name + ", " + precision(c);
    }

    /** A row's profile; rows written before the column existed were all quick. */
    static String profile(Map<String, Object> c) {
        Object p = c.get("profile");
        return p == null ? Profile.QUICK.id() : p.toString();
    }

    /** Profiles in their declared order (quick before paper), unknown ones last. */
    private static int profileRank(String profile) {
        for (Profile p : Profile.values()) {
            if (p.id().equals(profile)) {
                return p.ordinal();
            }
        }
        return Profile.values().length;
    }

    /**
     * Same row: a paper-profile run sits beside the quick one of the same seed, and a run with {@code --set} beside
     * the default's, it does not replace them.
     */
    static boolean sameKey(Map<String, Object> a, Map<String, Object> b) {
        return sameCellAndMethod(a, b) && settings(a).equals(settings(b));
    }

    /**
     * Same cell, method and seed, whatever settings the defense ran under: such rows share their victim's clean
     * references, which the defense's settings do not touch.
     */
    static boolean sameCellAndMethod(Map<String, Object> a, Map<String, Object> b) {
        return a.get("dataset").equals(b.get("dataset")) && a.get("attack").equals(b.get("attack"))
                && Objects.equals(a.get("variant"), b.get("variant")) && trainRows(a) == trainRows(b)
                && profile(a).equals(profile(b)) && encoder(a).equals(encoder(b)) && precision(a).equals(precision(b))
                && a.get("method").equals(b.get("method"))
                && ((Number) a.get("seed")).longValue() == ((Number) b.get("seed")).longValue();
    }

    /** Under the paper profile our {@code bedkd} runs the paper's recipe, so it sits next to the paper's BeDKD. */
    static String paperRecipeName(String method, String profile) {
        return method.equals("bedkd") && profile.equals(Profile.PAPER.id()) ? "bedkd-paper" : method;
    }

    static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 100) / 100.0;
    }

    /** Mean ± std per (dataset, attack, profile, method), next to the paper's SST-2 numbers. */
    static String markdown(List<Map<String, Object>> cells) {
        StringBuilder md = new StringBuilder("# Reproduction\n\n");
        md.append("Generated by `bin/bedkd bench reproduce` from `reproduction.json` (every cell with its config, seed "
                + "and commit). Our model: all-MiniLM-L6-v2 (6 layers, 384 wide, 22.7 M parameters) unless the model "
                + "column says bge-small-en-v1.5 (12 layers, 384 wide, 33 M parameters), on 2 CPU cores; the "
                + "paper: BERT-base, BERT-large and RoBERTa-base on a GPU. Reductions are stated per cell in the JSON (`train_rows`, `epochs`, "
                + "`profile`). Values: mean ± std over seeds, percent. Model selection never looked at the test set.\n");
        Map<String, List<Map<String, Object>>> groups = cells.stream().collect(Collectors.groupingBy(
                c -> c.get("dataset") + "|" + c.get("attack") + "|" + c.get("variant") + "|" + trainRows(c) + "|"
                        + profile(c) + "|" + encoder(c) + "|" + precision(c) + "|" + methodLabel(c), TreeMap::new,
                Collectors.toList()));
        String section = "";
        List<Map.Entry<String, List<Map<String, Object>>>> ordered = new ArrayList<>(groups.entrySet());
        ordered.sort(Comparator.comparing(e -> e.getValue().get(0), ORDER));
        for (var g : ordered) {
            Map<String, Object> first = g.getValue().get(0);
            String ds = String.valueOf(first.get("dataset"));
            String attack = String.valueOf(first.get("attack"));
            String sectionKey = ds + attack + first.get("variant") + trainRows(first) + profile(first);
            if (!section.equals(sectionKey)) {
                section = sectionKey;
                md.append("\n## ").append(ds).append(" × ").append(attack).append(variantTitle(first))
                        .append(String.format(Locale.ROOT,
                        " (%s training rows, profile %s)%n%n", first.get("train_rows"), profile(first)));
                md.append("| model | method | ASR | ASR floor | CACC | FAR | FRR | DMM α | γ | seeds | paper ASR / CACC "
                        + "|\n");
                md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
            }
            String method = String.valueOf(first.get("method"));
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %s |%n",
                    modelName(first), methodLabel(first),
                    stat(g.getValue(), "asr"), stat(g.getValue(), "asr_floor"), stat(g.getValue(), "cacc"),
                    stat(g.getValue(), "far"), stat(g.getValue(), "frr"), distinct(g.getValue(), "dmm_alpha"),
                    GammaColumn.of(g.getValue()), g.getValue().size(),
                    ds.equals("sst2") && settings(first).isEmpty()
                            ? PaperNumbers.sst2(attack, paperRecipeName(method, profile(first))) : "–"));
        }
        md.append("\n`bedkd-paper` is the paper's recipe (γ = 0.1, the 32 lowest-MEPD samples, −(λ·CE + (1−λ)·T²·KL), "
                + "trust then punish) with our epoch count and validation-only selection; `bedkd` is our default "
                + "at the row's commit (since 2026-12-01 the same as `bedkd-fit-neutral`: γ fitted to the excess of "
                + "low MEPD over clean text, or, once a trigger word is certified, only the samples carrying one "
                + "(since 2026-12-03; before, both); those samples relabelled toward the non-target class beside "
                + "clean samples of every class that carry the trigger with their own labels; the epoch with the fewest trigger flips on validation). Names "
                + "of the form `bedkd-<flagging>-<punish>` keep their meaning when the default changes: "
                + "`bedkd-quantile` was the default until 2026-12-01 (every sample under the 5 % clean quantile, "
                + "relabelled), `bedkd-fit-balanced` for a day after. ASR floor: the same non-target test sentences "
                + "without the trigger classified as the target. DMM α: weight of the flipped-label loss in the DMM's "
                + "training (1 = flipped labels alone, the quick profile's since 2026-11-29; 0.3 = the paper's, ours before). "
                + "γ: a fixed threshold, `clean q0.05` = the 5 % quantile of the clean validation split's MEPD "
                + "(the quick profile's on 2026-11-30; the mean value it gave in brackets), or `fit at clean q…` = "
                + "the clean quantile where the excess of low MEPD over clean text peaks (since 2026-12-01).\n");
        md.append(filterSection(ordered));
        md.append(referenceSection(ordered));
        md.append(Scorecard.markdown(ordered));
        return md.toString();
    }

    /** What the inference-time filters cost per input and refused, per cell, and what each one is. */
    private static String filterSection(List<Map.Entry<String, List<Map<String, Object>>>> groups) {
        List<Map.Entry<String, List<Map<String, Object>>>> filters = groups.stream()
                .filter(g -> g.getValue().get(0).get("filter_ms_per_input") != null).toList();
        if (filters.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n## Inference-time filters\n\n");
        md.append("The suspect model as it is, behind a filter fitted on the defender's clean data only; the rows above "
                + "are its scores (a refused input counts as wrong on clean text and as a failed attack).\n\n"
                + "- **IMBERT** (He et al., 2023): the suspect model's gradient saliency (the norm of the gradient of "
                + "its predicted class's log-probability at each input token's embedding) points at the trigger; the "
                + "K = 3 most salient tokens' words are removed before it classifies, as in the paper, when their share "
                + "of the input's saliency reaches a threshold chosen on clean validation (the lowest that keeps "
                + "validation accuracy within 2 points).\n"
                + "- **ONION** (Qi et al., 2021): a word whose removal lowers the sentence's perplexity most is "
                + "probably inserted and is removed. The paper's GPT-2 is not served offline here; `onion-bigram` "
                + "uses a word bigram model (Kneser–Ney, open vocabulary through a character trigram spelling "
                + "model) fitted on the few clean samples and half the clean validation split, and picks its "
                + "threshold on the other half (the lowest that keeps validation accuracy within 2 points).\n"
                + "- **STRIP** (Gao et al., 2019; for text, STRIP-ViTA, 2021): 10 copies of the input with half its "
                + "words replaced by words from clean text; a triggered input keeps its prediction (low entropy) and "
                + "is refused below the clean validation split's 5 % entropy quantile.\n\n");
        md.append("| cell | filter | settings | filter ms / input | model ms / input | clean refused | triggered "
                + "refused | seeds |\n|---|---|---|---|---|---|---|---|\n");
        for (var g : filters) {
            List<Map<String, Object>> rows = g.getValue();
            Map<String, Object> first = rows.get(0);
            md.append(String.format(Locale.ROOT, "| %s × %s%s | %s | %s | %s | %s | %s | %s | %d |%n",
                    first.get("dataset"), first.get("attack"), variantTitle(first), first.get("method"),
                    rows.stream().map(r -> String.valueOf(r.get("filter_setting"))).distinct().sorted()
                            .collect(Collectors.joining("; ")), stat(rows, "filter_ms_per_input"),
                    stat(rows, "model_ms_per_input"), stat(rows, "clean_refused"), stat(rows, "triggered_refused"),
                    rows.size()));
        }
        md.append("\nFilter ms / input: the filter's own time per test input on the bench machine's 2 cores, beyond "
                + "the model's answer (model ms / input, batched). TextGuard and W2SDefense have no rows: see the "
                + "notes below.\n");
        return md.toString();
    }

    private static final Pattern BUILT_VARIANT = Pattern.compile("([0-9.]+)pct-t(\\d+)");

    /**
     * ", 1 % poison, target 0" for a cell built here, with ", trigger "jz qv xr"" where it was built with another
     * trigger than the attack's standard one; nothing for a staged one.
     */
    static String variantTitle(Map<String, Object> row) {
        Object v = row.get("variant");
        if (v == null) {
            return "";
        }
        Matcher m = BUILT_VARIANT.matcher(v.toString());
        String title = m.lookingAt() ? ", " + m.group(1) + " % poison, target " + m.group(2)
                : ", " + v.toString().replace("pct-t", " % poison, target ");
        return row.get("trigger") == null ? title : title + ", trigger \"" + row.get("trigger") + "\"";
    }

    /**
     * The groups measured beside a clean reference model (trained on the same rows without the poisoned ones): what a
     * purified model is judged against, so that leaning away from the target class does not pass for removing the
     * trigger.
     */
    private static String referenceSection(List<Map.Entry<String, List<Map<String, Object>>>> groups) {
        List<Map.Entry<String, List<Map<String, Object>>>> withRef = groups.stream()
                .filter(g -> g.getValue().get(0).get("reference_asr_floor") != null
                        || g.getValue().get(0).get("reference_cacc") != null).toList();
        if (withRef.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n## Against a clean reference\n\n");
        md.append("| cell | method | ASR | reference floor | CACC | reference CACC | class recall | reference class recall "
                + "| trigger flips, target class | reference | trigger flips, other classes | reference | seeds |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (var g : withRef) {
            List<Map<String, Object>> rows = g.getValue();
            Map<String, Object> first = rows.get(0);
            md.append(String.format(Locale.ROOT,
                    "| %s × %s%s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d |%n", first.get("dataset"), first.get("attack"), variantTitle(first), methodLabel(first),
                    stat(rows, "asr"), stat(rows, "reference_asr_floor"), stat(rows, "cacc"),
                    stat(rows, "reference_cacc"), recallStat(rows, "class_recall"),
                    recallStat(rows, "reference_class_recall"), stat(rows, "trigger_flip_target"),
                    stat(rows, "reference_trigger_flip_target"), stat(rows, "trigger_flip_nontarget"),
                    stat(rows, "reference_trigger_flip_nontarget"), rows.size()));
        }
        md.append("\nReference floor: the clean reference model's ASR on the triggered test set (a model that never saw "
                + "the poison). Trigger flips: share of clean test sentences of that class whose prediction changes when "
                + "the trigger is inserted; a purified model should sit near the reference on both.\n");
        return md.toString();
    }

    /** Mean recall per class over seeds, "negative 88.3 / positive 77.7". */
    static String recallStat(List<Map<String, Object>> rows, String key) {
        Map<String, Double> byClass = Scorecard.meanRecall(rows, key);
        if (byClass.isEmpty()) {
            return "–";
        }
        return byClass.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(" / "));
    }

    /** The distinct values of {@code key} over seeds ("–" when none applies); more than one means a mixed group. */
    static String distinct(List<Map<String, Object>> rows, String key) {
        List<String> v = rows.stream().map(r -> r.get(key)).filter(x -> x instanceof Number)
                .map(x -> String.format(Locale.ROOT, "%.1f", ((Number) x).doubleValue())).distinct().sorted().toList();
        return v.isEmpty() ? "–" : String.join(", ", v);
    }

    /** The numeric values of {@code key} over the rows that have one. */
    static List<Double> numbers(List<Map<String, Object>> rows, String key) {
        return rows.stream().map(r -> r.get(key)).filter(x -> x instanceof Number)
                .map(x -> ((Number) x).doubleValue()).toList();
    }

    static String stat(List<Map<String, Object>> rows, String key) {
        List<Double> v = numbers(rows, key);
        if (v.isEmpty()) {
            return "–";
        }
        double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        if (v.size() == 1) {
            return String.format(Locale.ROOT, "%.2f", mean);
        }
        return String.format(Locale.ROOT, "%.2f ± %.2f", mean, sampleStd(v));
    }

    /** Pearson's correlation of two equally long series; {@code NaN} when either is constant. */
    static double pearson(double[] a, double[] b) {
        double ma = java.util.Arrays.stream(a).average().orElse(0);
        double mb = java.util.Arrays.stream(b).average().orElse(0);
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < a.length; i++) {
            cov += (a[i] - ma) * (b[i] - mb);
            va += (a[i] - ma) * (a[i] - ma);
            vb += (b[i] - mb) * (b[i] - mb);
        }
        return va == 0 || vb == 0 ? Double.NaN : cov / Math.sqrt(va * vb);
    }

    /** The sample standard deviation (n − 1); {@code NaN} under two values. */
    static double sampleStd(List<Double> v) {
        if (v.size() < 2) {
            return Double.NaN;
        }
        double mean = v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return Math.sqrt(v.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (v.size() - 1));
    }
}
