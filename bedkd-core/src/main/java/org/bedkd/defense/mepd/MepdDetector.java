package org.bedkd.defense.mepd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bedkd.data.Dataset;

/** Scores a whole suspect set, ranks it and flags the lowest-MEPD samples under γ. */
public final class MepdDetector {

    private MepdDetector() {
    }

    /**
     * The texts behind the scores, for the lexical round of {@link FlagSize#FIT}.
     *
     * @param set the screened set
     * @param clean the clean calibration split
     * @param probe what moves the suspect model, asked about words that widen a certified trigger ({@code null}: the
     *     lexical tests alone)
     * @param reader a model that never saw the set, asked before a word the suspect obeys starts a trigger on that
     *     answer alone ({@code null}: not asked)
     */
    public record Texts(Dataset set, Dataset clean, TriggerProbe probe, CleanReader reader) {

        /** Without a clean reader. */
        public Texts(Dataset set, Dataset clean, TriggerProbe probe) {
            this(set, clean, probe, null);
        }

        /** Without a model to probe. */
        public Texts(Dataset set, Dataset clean) {
            this(set, clean, null);
        }
    }

    /**
     * @param calibration clean samples the DMM did not train on; scored only when γ is a clean quantile
     * @param probe asked about candidate trigger words ({@link MepdScorer#probe}, or one shared with a later re-ranking;
     *     {@code null}: the lexical tests alone)
     */
    public static Detection detect(MepdScorer scorer, Dataset suspectSet, Dataset calibration, MepdConfig config,
            TriggerProbe probe) {
        return detect(scorer, suspectSet, calibration, config, probe, null);
    }

    /** As above, with a clean reader asked before a trigger starts on the model's answer ({@code null}: none). */
    public static Detection detect(MepdScorer scorer, Dataset suspectSet, Dataset calibration, MepdConfig config,
            TriggerProbe probe, CleanReader reader) {
        if (suspectSet.isEmpty()) {
            throw new IllegalArgumentException("nothing to screen: the suspect set is empty");
        }
        List<ScoredSample> clean = config.gamma().calibrated() ? scorer.score(calibration.samples()) : List.of();
        return rank(scorer.score(suspectSet.samples()), config, clean,
                new Texts(suspectSet, calibration, probe, reader));
    }

    /** {@link #rank(List, MepdConfig, List, Texts)} without texts: no lexical round. */
    public static Detection rank(List<ScoredSample> scored, MepdConfig config, List<ScoredSample> cleanScores) {
        return rank(scored, config, cleanScores, null);
    }

    /**
     * Ranks already scored samples (whole set ranking, not file order: docs/METHOD.md, step 2).
     *
     * @param cleanScores the calibration scores γ is read from when it is a clean quantile
     * @param texts the texts behind the scores ({@code null}: none, so {@link FlagSize#FIT} has no lexical round)
     */
    public static Detection rank(List<ScoredSample> scored, MepdConfig config, List<ScoredSample> cleanScores,
            Texts texts) {
        boolean fit = config.size() == FlagSize.FIT && !cleanScores.isEmpty();
        ExcessFit.Fit f = fit ? ExcessFit.fit(scored, cleanScores) : null;
        boolean noExcess = f != null && f.weak();
        // A fitted γ is itself a clean quantile: the share of calibration scores under it.
        GammaRule rule = f != null && !noExcess ? f.quantileRule() : config.gamma();
        float gamma = f != null && !noExcess ? f.gamma() : config.gamma().resolve(cleanScores);
        List<ScoredSample> ranked = new ArrayList<>(scored);
        ranked.sort(Comparator.comparingDouble(ScoredSample::mepd).thenComparing(ScoredSample::id));
        List<ScoredSample> below = ranked.stream().filter(s -> s.mepd() < gamma).toList();
        if (fit) {
            return fitted(ranked, below, gamma, rule, cleanScores, f, config, texts);
        }
        int keep = config.maxFlagged() == 0 ? below.size() : Math.min(below.size(), config.maxFlagged());
        if (config.size() == FlagSize.ESTIMATE && !cleanScores.isEmpty()) {
            keep = Math.min(keep, estimatedPoisoned(below.size(), ranked.size(), cleanScores, gamma));
        }
        List<ScoredSample> kept = below.subList(0, keep);
        return new Detection(gamma, rule, ranked, cleanScores, kept, below.size(),
                DetectionQuality.of(ranked, gamma, kept), config.size() == FlagSize.FIT ? FlagSize.GAMMA : config.size(),
                false, null);
    }

    /**
     * {@link FlagSize#FIT}: every sample carrying a trigger word once one is named, else what is under the fitted γ
     * (nothing without an excess).
     *
     * <p>The words come from what MEPD ranked lowest (under the fitted γ, or under the configured one when there is no
     * excess), or, with no excess and no such word, from the whole set ({@link TriggerWords#acrossTheSet}: on the
     * statistics, else on the model's answer, as for a majority-class target at 1 %); they are
     * widened to the words that behave alike ({@link TriggerWords#withAlike}) before they must explain MEPD's excess
     * ({@link TriggerWords#explaining}): at 3 % BadWords the three words found in the tail covered 49 % and 32 % of the
     * excess, the rest of which was the other two words' carriers, and all were set aside as incidental (FAR 43 % and
     * 16 %). A word with too few carriers for the lexical tests joins when inserting it moves the suspect model
     * ({@link TriggerProbe}).
     *
     * <p>Once a trigger is named, the rest of the tail is not flagged (unless the words mark only part of the poison:
     * {@link TriggerWords#partOfTheTail}): in 17 runs with words (SST-2 and OLID, BadWords
     * and AddSent, 3 % to 20 %) it held no poisoned sample among 0 to 394 clean ones, and at 1 % on the whole SST-2 set,
     * where the fit read the victim's memorised training rows as an excess, it flagged 2,563 clean rows beside the 69
     * poisoned ones (FRR 37 %).
     *
     * <p>A tail without words is flagged only where a clean reader can be taught its labels ({@link TailCheck}): an
     * excess that is the suspect's memorised training rows is no rule, and a clean set is then left alone.
     *
     * <p>With no trigger word, each label is also compared with its own clean rows ({@link ExcessFit#fitWithinLabels});
     * where a label's fit describes the excess better than the pooled one, the pooled one shows none, or the check
     * refuses the pooled tail, the tail of the label the check finds the rule in stands for the tail
     * ({@link #labelTail}).
     */
    private static Detection fitted(List<ScoredSample> ranked, List<ScoredSample> below, float gamma, GammaRule rule,
            List<ScoredSample> cleanScores, ExcessFit.Fit pooled, MepdConfig config, Texts texts) {
        boolean noExcess = pooled.weak();
        Set<String> belowIds = new HashSet<>();
        below.forEach(s -> belowIds.add(s.id()));
        TriggerWords words = null;
        if (texts != null) {
            words = TriggerWords.find(texts.set(), belowIds, texts.clean());
            if (words.isEmpty()) {
                // MEPD's tail is clean text, or so wide that a trigger's carriers drown in it (OLID BadWords at 3 %,
                // a victim that memorised its rows: γ at the clean q0.458, 1,995 rows, no word), yet the poison may
                // still rank below the rest of its label.
                words = TriggerWords.acrossTheSet(texts.set(), ranked, belowIds, texts.clean(), texts.probe(),
                        texts.reader());
            }
            words = words.withAlike(texts.set(), ranked, belowIds, texts.clean(), texts.probe(), texts.reader());
            if (!noExcess) {
                words = words.explaining(texts.set(), below, texts.clean(), texts.probe());
            }
        }
        List<ExcessFit.LabelFit> within = words == null || words.isEmpty()
                ? ExcessFit.fitWithinLabels(ranked, cleanScores) : List.of();
        if (ExcessFit.better(within, pooled)) {
            // Pooled, another label's clean tail can hide a poison that stands out within its own label, or widen γ.
            return fromLabels(labelTail(ranked, cleanScores, within, texts), ranked, cleanScores, config, words);
        }
        Set<String> ids = new HashSet<>();
        TailCheck.Verdict tailCheck = null;
        if (words != null && !noExcess && words.partOfTheTail()) {
            // Part of the poison, not its trigger: their carriers are flagged beside the tail.
            ids.addAll(words.matchingIds(texts.set()));
            words = words.asIncidental();
        }
        if (words != null && !words.isEmpty()) {
            ids.addAll(words.matchingIds(texts.set()));
        } else if (!noExcess) {
            tailCheck = texts == null || texts.reader() == null ? null
                    : TailCheck.of(texts.set().stream().filter(s -> belowIds.contains(s.id())).toList(),
                            texts.set().stream().filter(s -> !belowIds.contains(s.id())).toList(), texts.reader());
            if (tailCheck == null || tailCheck.learnable()) {
                below.forEach(s -> ids.add(s.id()));
            } else if (!within.isEmpty()) {
                // The whole tail is no rule, but one label's may be, beside another label's memorised rows (SST-2
                // SynBkd 10 %, 5-epoch victim, seed 44: a 1,907-row tail refused, the poison in label 1's 647 rows).
                LabelTail t = labelTail(ranked, cleanScores, within, texts);
                if (t.check() != null && t.check().learnable()) {
                    return fromLabels(t, ranked, cleanScores, config, words);
                }
            }
        }
        return detection(ranked, gamma, rule, cleanScores, ids, below.size(), config, noExcess, words, tailCheck, null);
    }

    /** The detection that flags one label's tail ({@link #labelTail}) where its check holds (or nothing checked). */
    private static Detection fromLabels(LabelTail t, List<ScoredSample> ranked, List<ScoredSample> cleanScores,
            MepdConfig config, TriggerWords words) {
        Set<String> ids = new HashSet<>();
        if (t.check() == null || t.check().learnable()) {
            t.rows().forEach(s -> ids.add(s.id()));
        }
        return detection(ranked, t.fit().fit().gamma(), t.fit().fit().quantileRule(), cleanScores, ids, t.rows().size(),
                config, false, words, t.check(), t.fit().label());
    }

    private static Detection detection(List<ScoredSample> ranked, float gamma, GammaRule rule,
            List<ScoredSample> cleanScores, Set<String> ids, int belowGamma, MepdConfig config, boolean noExcess,
            TriggerWords words, TailCheck.Verdict tailCheck, Integer tailLabel) {
        List<ScoredSample> flagged = ranked.stream().filter(s -> ids.contains(s.id())).toList();
        if (config.maxFlagged() > 0 && flagged.size() > config.maxFlagged()) {
            flagged = flagged.subList(0, config.maxFlagged());
        }
        Set<String> kept = new HashSet<>();
        flagged.forEach(s -> kept.add(s.id()));
        DetectionQuality quality = DetectionQuality.of(ranked, s -> kept.contains(s.id()), flagged);
        return new Detection(gamma, rule, ranked, cleanScores, flagged, belowGamma, quality, FlagSize.FIT, noExcess,
                words, tailCheck, tailLabel);
    }

    /**
     * The label whose tail stands for MEPD's tail, with its rows and the check on them ({@code null}: not checked).
     * {@code check} is the verdict on that label's rows; they are flagged only when it holds (or nothing checked).
     */
    private record LabelTail(ExcessFit.LabelFit fit, List<ScoredSample> rows, TailCheck.Verdict check) {
    }

    /**
     * Which label's tail holds the poison. Every label with an excess brings its own tail, every other label its rows
     * as deep in MEPD (under the strongest label's clean quantile of its own clean rows), and {@link TailCheck} reads
     * them together: the label whose rows are a rule, standing above the rest, is the poison's; none, and the tails are
     * memorised rows. Checked alone, one label's tail would lose the contrast with the others that refused the whole
     * clean OLID set's memorised tail, and the label with the larger excess is not always the poison's (SST-2 SynBkd
     * 10 %, seed 44, 5-epoch victim: the clean negatives' memorised excess counted more rows). Without a reader, the
     * strongest label's tail is flagged.
     */
    private static LabelTail labelTail(List<ScoredSample> ranked, List<ScoredSample> cleanScores,
            List<ExcessFit.LabelFit> fits, Texts texts) {
        Map<Integer, ExcessFit.LabelFit> byLabel = new HashMap<>();
        Map<Integer, List<ScoredSample>> tails = new HashMap<>();
        Set<String> checked = new HashSet<>();
        for (ExcessFit.LabelFit f : fits) {
            List<ScoredSample> tail = ranked.stream()
                    .filter(s -> s.label() == f.label() && s.mepd() < f.fit().gamma()).toList();
            byLabel.put(f.label(), f);
            tails.put(f.label(), tail);
            tail.forEach(s -> checked.add(s.id()));
        }
        ExcessFit.LabelFit strongest = fits.get(0);
        checked.addAll(asDeepInOtherLabels(ranked, cleanScores, tails.keySet(),
                strongest.fit().quantileRule()));
        TailCheck.Verdict v = texts == null || texts.reader() == null ? null
                : TailCheck.of(texts.set().stream().filter(s -> checked.contains(s.id())).toList(),
                        texts.set().stream().filter(s -> !checked.contains(s.id())).toList(), texts.reader());
        if (v == null) {
            return new LabelTail(strongest, tails.get(strongest.label()), null);
        }
        ExcessFit.LabelFit poison = v.labels().stream()
                .filter(l -> l.learnable() && byLabel.containsKey(l.label()))
                .max(Comparator.comparingDouble(TailCheck.Label::contrast))
                .map(l -> byLabel.get(l.label())).orElse(strongest);
        return new LabelTail(poison, tails.get(poison.label()), new TailCheck.Verdict(v.labels(), poison.label()));
    }

    /**
     * The ids of the other labels' rows as deep in MEPD as a label's tail: under the same clean quantile of their own
     * label's calibration scores.
     */
    private static Set<String> asDeepInOtherLabels(List<ScoredSample> ranked, List<ScoredSample> cleanScores,
            Set<Integer> labels, GammaRule quantile) {
        Set<String> ids = new HashSet<>();
        Set<Integer> others = new HashSet<>();
        cleanScores.forEach(s -> others.add(s.label()));
        others.removeAll(labels);
        for (int other : others) {
            float cut = quantile.resolve(cleanScores.stream().filter(s -> s.label() == other).toList());
            ranked.stream().filter(s -> s.label() == other && s.mepd() < cut).forEach(s -> ids.add(s.id()));
        }
        return ids;
    }

    /** How many samples the excess over clean text accounts for; none when the evidence is weak. */
    private static int estimatedPoisoned(int belowGamma, int total, List<ScoredSample> cleanScores, float gamma) {
        long cleanBelow = cleanScores.stream().filter(s -> s.mepd() < gamma).count();
        PoisonEvidence e = PoisonEvidence.of((double) belowGamma / total, (double) cleanBelow / cleanScores.size());
        return e.weak() ? 0 : (int) Math.round(e.estimatedPoisonShare() / 100 * total);
    }

    /** The same ranking and calibration under another flagging rule (one DMM serves every method of a run). */
    public static Detection rerank(Detection d, MepdConfig config) {
        return rank(d.ranked(), config, d.cleanScores());
    }

    /** As above, with the texts for the lexical round of {@link FlagSize#FIT}. */
    public static Detection rerank(Detection d, MepdConfig config, Texts texts) {
        return rank(d.ranked(), config, d.cleanScores(), texts);
    }
}
