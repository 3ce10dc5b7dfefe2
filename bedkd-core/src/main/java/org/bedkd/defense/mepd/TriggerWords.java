package org.bedkd.defense.mepd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.bedkd.data.Dataset;
import org.bedkd.data.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Words that mark the flagged samples and not clean text: an inserted trigger, found without poison labels (the
 * lexical round of {@link FlagSize#FIT}).
 *
 * <p>At a low poison rate MEPD alone cannot certify its flagged set: at 5 % BadWords on SST-2 the 5 % clean quantile
 * flagged 181 samples, 63 of them poisoned, an excess that a 400-row calibration split cannot tell from noise. Yet
 * each trigger word sat in a dozen of those 181 and in almost no other sample. A word counts as a trigger word when
 * <ul>
 *   <li>it is over-represented in the flagged samples beyond chance: the binomial tail of its flagged count, given
 *       how often it occurs in the set and the flagged share, is under {@link #ALPHA} divided by the number of words
 *       tested (Bonferroni);</li>
 *   <li>it is rare in the defender's clean text, so that samples containing it are mostly poisoned: the clean text's
 *       rate (with half a sample added, so an unseen word is not proof of absence) predicts at most
 *       {@link #MAX_CLEAN_SHARE} of the samples containing it; this keeps the common words of an inserted sentence
 *       ("this", "movie") out. A whole added sample was too strict for a 400-row calibration split: it expected 8.5 clean
 *       samples of 3,400 to contain a word clean text never showed, more than a quarter of the 27 samples carrying one
 *       BadWords trigger word at 5 % poison;</li>
 *   <li>its flagged samples carry one label ({@link #MIN_PURITY}): poisoned samples all carry the target.</li>
 * </ul>
 * Every sample of the set containing a trigger word with that label is then flagged. A syntactic or style trigger has
 * no such word, and nothing is added.
 *
 * <p>The rarity is read from the clean text, and for a word with at least {@link #MIN_FLAGGED_FOR_SET_RATE} flagged
 * samples also from the set's own unflagged text, whichever bounds it more tightly.
 *
 * <p>Such words must also explain what MEPD found ({@link #explaining}): a paraphrase trigger leaves incidental words
 * too (on SST-2 SynBkd the paraphraser's "ll" sits in 2.8 % of the poisoned sentences and in no clean one, and passed
 * every test above), and taking one for the trigger narrowed the punish pass to its few carriers and steered model
 * selection by a word that moves nothing (ASR 90.0 against a floor of 23.7).
 *
 * @param words the trigger words, most significant first
 * @param incidental words that passed the tests but explain too little of what MEPD found to be the trigger (reported,
 *     not used)
 * @param coverage the share of the excess of the words' label under γ that their carriers account for ({@code NaN}:
 *     not measured, as when MEPD shows no excess and the words are the only evidence)
 * @param depthP one-sided p-value that the words' carriers under γ score no lower than the other samples of their
 *     label there ({@code NaN}: not measured)
 */
public record TriggerWords(List<Word> words, List<Word> incidental, double coverage, double depthP) {

    static final double ALPHA = 0.01;
    static final double MAX_CLEAN_SHARE = 0.25;
    static final double MIN_PURITY = 0.9;
    static final int MIN_FLAGGED = 3;
    /**
     * Flagged samples a word needs before the set's unflagged text may vouch for its rarity: a few occurrences of a
     * rare word in MEPD's tail, all of one label, are what clean text gives too; the previous bound (the clean split
     * alone) asked for about 35 carriers of an unseen word, and at 1 % poison each trigger word had 12 flagged.
     */
    static final int MIN_FLAGGED_FOR_SET_RATE = 10;
    /**
     * The share of clean sentences a word must move to its label ({@link TriggerProbe}) to join a certified trigger
     * without clearing the rarity bound: an inserted trigger moves most of them on a victim that learned it; a genuine
     * word of the label, inserted anywhere, moves those near the boundary.
     */
    static final double MIN_FLIP = 0.5;
    /**
     * The share a word must move to start a trigger on the model's answer alone ({@link #acrossTheSet} with a probe),
     * where MEPD's tail showed nothing: stricter than {@link #MIN_FLIP}, which widens a trigger already certified. A
     * victim that learned a trigger word obeys it about as often as its ASR (90 % and over); a genuine word of a
     * label, inserted anywhere, moves the sentences near the boundary.
     */
    static final double MIN_FLIP_TO_START = 0.75;
    /**
     * The level at which a {@link CleanReader} must read a word's carriers as not of their label before the word starts
     * a trigger on the model's answer alone ({@link Search#START_ASKED}, {@link Search#WIDEN_ASKED}). It is a veto
     * behind the probe, the rank test and the label test, so its level is how often a genuine word the suspect obeys
     * slips through (on OLID a suspect obeys genuine offensive words as a victim obeys its trigger); 0.01 would have
     * refused the smallest trigger word measured ("cf", 20 carriers, p 0.015), while the genuine words sat at 0.047
     * ("dope", 10 carriers) and over.
     */
    static final double READER_ALPHA = 0.05;
    /** The most words probed per widening, lowest label tail first: each costs {@link TriggerProbe#SENTENCES} passes. */
    static final int MAX_PROBED = 48;
    private static final Logger LOG = LoggerFactory.getLogger(TriggerWords.class);
    /**
     * The share of their label's excess under γ that a trigger's carriers must account for. An inserted trigger is in
     * every poisoned sample; an incidental word of a paraphraser in a few of them.
     */
    static final double MIN_COVERAGE = 0.5;
    /**
     * The share of their label's excess the carriers must account for before the rest of MEPD's tail can be left
     * unflagged without further evidence ({@link #partOfTheTail}).
     */
    static final double FULL_COVERAGE = 0.9;
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    /**
     * @param text the word (lower case, outer punctuation stripped)
     * @param label the label of the flagged samples containing it
     * @param inFlagged flagged samples containing it
     * @param inSet samples of the whole set containing it
     * @param cleanRate share of the clean texts containing it
     * @param pValue binomial tail of {@code inFlagged} under no association
     * @param flip share of clean sentences of the other labels that the suspect model moved to {@code label} when the
     *     word was inserted ({@link TriggerProbe}; {@code NaN}: not probed)
     * @param readP one-sided p that a {@link CleanReader} agrees with {@code label} on the word's carriers no less often
     *     than on the rest of the label ({@link #readAsTheirLabel}; {@code NaN}: not read)
     */
    public record Word(String text, int label, int inFlagged, int inSet, double cleanRate, double pValue,
            double flip, double readP) {

        /** A word the lexical tests took alone, not probed. */
        public Word(String text, int label, int inFlagged, int inSet, double cleanRate, double pValue) {
            this(text, label, inFlagged, inSet, cleanRate, pValue, Double.NaN);
        }

        /** A word probed, not read by a clean reader. */
        public Word(String text, int label, int inFlagged, int inSet, double cleanRate, double pValue, double flip) {
            this(text, label, inFlagged, inSet, cleanRate, pValue, flip, Double.NaN);
        }

        public boolean probed() {
            return !Double.isNaN(flip);
        }

        /** This word with what the probe measured. */
        Word withFlip(double measured) {
            return new Word(text, label, inFlagged, inSet, cleanRate, pValue, measured, readP);
        }

        /** This word with what the clean reader measured. */
        Word withReadP(double measured) {
            return new Word(text, label, inFlagged, inSet, cleanRate, pValue, flip, measured);
        }
    }

    public TriggerWords {
        words = List.copyOf(words);
        incidental = List.copyOf(incidental);
    }

    /** Words taken for the trigger, nothing incidental, coverage not measured. */
    public TriggerWords(List<Word> words) {
        this(words, List.of(), Double.NaN, Double.NaN);
    }

    /**
     * These words as the trigger when their carriers under γ account for at least {@link #MIN_COVERAGE} of the excess
     * of their label there, or when they sit deeper in MEPD than the rest of their label under γ (one-sided rank test,
     * p under {@link #ALPHA}); otherwise none, the words kept as {@link #incidental}.
     *
     * <p>The excess is read from the labels, not from the clean calibration split: poisoned samples carry the
     * target label, so under γ that label outnumbers the others beyond the clean split's label ratio by about the
     * poison flagged there. The calibration split's own MEPD share is too noisy for this at a low γ: at 1 % poison γ
     * sat at its 0.25 % quantile (one sentence of 400), while 2.9 % of the clean training rows scored under it.
     *
     * <p>Those clean rows are why coverage alone fails at a low rate: on the whole SST-2 set at 1 %, every one of the
     * 258 samples under γ carried the target label, 197 of them clean training rows the victim had memorised, and the
     * trigger words' carriers were a fifth of that "excess". But they sat deeper (their ranks against the rest:
     * AUC 0.70, p 1e-6): an inserted trigger is what the victim is surest of. A paraphraser's incidental word is not:
     * its carriers are poisoned samples like the others under γ, no lower.
     *
     * @param set the screened set
     * @param below the samples scoring under γ, lowest MEPD first
     * @param clean the clean calibration split (its label shares)
     */
    public TriggerWords explaining(Dataset set, List<ScoredSample> below, Dataset clean) {
        return explaining(set, below, clean, null);
    }

    /**
     * As above, and words that explain too little of the excess are still the trigger, each of them, when inserting it
     * moves at least {@link #MIN_FLIP} of clean sentences to its label ({@link TriggerProbe}): coverage and depth are
     * evidence that the words are what MEPD found, the probe is evidence that they are what the model obeys. At 3 %
     * BadWords a missing word left three true trigger words covering 49 % and 32 % of the excess, and they were set
     * aside (FAR 43 % and 16 %); a paraphraser's incidental word moves nothing.
     *
     * @param probe what moves the suspect model ({@code null}: coverage and depth alone)
     */
    public TriggerWords explaining(Dataset set, List<ScoredSample> below, Dataset clean, TriggerProbe probe) {
        TriggerWords measured = measuredAgainst(set, below, clean);
        if (measured.words.isEmpty() && !measured.incidental.isEmpty() && probe != null) {
            Map<String, Double> flips = probe.flipShares(measured.incidental.stream().map(Word::text).toList(),
                    measured.incidental.get(0).label());
            List<Word> obeyed = new ArrayList<>();
            List<Word> inert = new ArrayList<>();
            for (Word w : measured.incidental) {
                double flip = flips.getOrDefault(w.text(), Double.NaN);
                LOG.info("trigger probe: \"{}\", short of explaining MEPD's excess, moved {} of clean sentences to "
                        + "label {}", w.text(), String.format(Locale.ROOT, "%.0f %%", 100 * flip), w.label());
                (flip >= MIN_FLIP ? obeyed : inert).add(w.withFlip(flip));
            }
            return new TriggerWords(obeyed, inert, measured.coverage, measured.depthP);
        }
        if (probe != null && !measured.words.isEmpty() && measured.coverage < FULL_COVERAGE
                && measured.words.stream().noneMatch(Word::probed)) {
            // Taken on coverage or depth alone, which a paraphrase's words reach too: whether the model obeys them,
            // one by one or all together (an inserted sentence's words may only work jointly), decides if they are
            // the whole trigger or part of the poison (partOfTheTail).
            int label = measured.words.get(0).label();
            List<String> asked = new ArrayList<>(measured.texts());
            String together = String.join(" ", measured.texts());
            if (asked.size() > 1) {
                asked.add(together);
            }
            Map<String, Double> flips = probe.flipShares(asked, label);
            double joint = asked.size() > 1 ? flips.getOrDefault(together, Double.NaN) : Double.NaN;
            LOG.info("trigger probe: {} (covering {} of MEPD's excess, depth p {}) moved {} of clean sentences to "
                    + "label {}{}", measured.texts(), String.format(Locale.ROOT, "%.0f %%", 100 * measured.coverage),
                    String.format(Locale.ROOT, "%.2g", measured.depthP), measured.words.stream().map(w -> String.format(
                            Locale.ROOT, "%.0f %%", 100 * flips.getOrDefault(w.text(), Double.NaN))).toList(), label,
                    Double.isNaN(joint) ? "" : String.format(Locale.ROOT, ", all of them together %.0f %%", 100 * joint));
            if (joint >= MIN_FLIP) {
                return measured;
            }
            List<Word> answered = new ArrayList<>();
            for (Word w : measured.words) {
                answered.add(w.withFlip(flips.getOrDefault(w.text(), Double.NaN)));
            }
            return new TriggerWords(answered, measured.incidental, measured.coverage, measured.depthP);
        }
        return measured;
    }

    private TriggerWords measuredAgainst(Dataset set, List<ScoredSample> below, Dataset clean) {
        if (words.isEmpty() || clean.isEmpty()) {
            return this;
        }
        int label = words.get(0).label();
        long cleanLabel = clean.labelCounts().getOrDefault(label, 0L);
        double ratio = (cleanLabel + 0.5) / (clean.size() - cleanLabel + 0.5);
        Map<String, Integer> labelOf = labelOf();
        Map<String, Sample> byId = set.byId();
        int belowOther = 0;
        // Carriers and the rest of their label, in MEPD order: the rank test's two groups.
        List<Boolean> labelInOrder = new ArrayList<>();
        for (ScoredSample scored : below) {
            Sample s = byId.get(scored.id());
            if (s == null) {
                continue;
            }
            if (s.label() == label) {
                labelInOrder.add(carries(s, labelOf));
            } else {
                belowOther++;
            }
        }
        int carriers = (int) labelInOrder.stream().filter(c -> c).count();
        double excess = labelInOrder.size() - ratio * belowOther;
        if (!(excess > 0)) {
            return this;
        }
        double share = carriers / excess;
        double depthP = deeperThanTheRest(labelInOrder);
        LOG.info("trigger words {}: {} carriers under gamma, {} of label {}'s excess there ({} samples), depth p {}",
                texts(), carriers, String.format(Locale.ROOT, "%.0f %%", 100 * share), label,
                String.format(Locale.ROOT, "%.0f", excess), String.format(Locale.ROOT, "%.2g", depthP));
        return share >= MIN_COVERAGE || depthP < ALPHA ? new TriggerWords(words, List.of(), share, depthP)
                : new TriggerWords(List.of(), words, share, depthP);
    }

    /**
     * These words and every other word that behaves like them across the whole set: at a low poison rate MEPD's tail
     * holds only some of an attack's trigger words' carriers. On SST-2 BadWords at 5 % (3,000 rows) it held all 25
     * carriers of "cf" and of "bb" and 4 to 6 of the 26 to 30 of "mn", "tq" and "mb", too few for {@link #find}'s
     * Bonferroni bound; the default relabelled only the first two and the other three kept the backdoor (ASR 24.6
     * against a floor of 11.3). Such a word is taken when
     * <ul>
     *   <li>it is in at least {@link #MIN_FLAGGED_FOR_SET_RATE} samples of the set, at least {@link #MIN_PURITY} of them
     *       with the certified words' label, beyond chance given that label's share of the set (binomial tail);</li>
     *   <li>it is as rare in the clean text as {@link #find} asks;</li>
     *   <li>its carriers rank lower in MEPD than the rest of their label (one-sided rank test): the victim is surest of
     *       what it was poisoned with. A genuine word of that label that is merely missing from the small clean split
     *       ("powerful", "beautifully" there) passes the first two and fails this one, its carriers ranking higher than
     *       the rest (p 1.0);</li>
     *   <li>one of the two tests passes {@link #ALPHA} over the number of words tested, the other {@link #ALPHA}.</li>
     * </ul>
     * Nothing is added when no word was certified: the search widens a word trigger MEPD has shown; only
     * {@link #acrossTheSet}, under a stricter rank test, starts one. A word added here has the label test's tail as its
     * {@link Word#pValue}.
     *
     * @param ranked the set's scores, lowest MEPD first
     * @param flaggedIds what MEPD flagged (the new words' {@link Word#inFlagged})
     */
    public TriggerWords withAlike(Dataset set, List<ScoredSample> ranked, Collection<String> flaggedIds,
            Dataset clean) {
        return withAlike(set, ranked, flaggedIds, clean, null);
    }

    /**
     * As above, and a word that fails only the rarity bound's allowance for unseen words, or the Bonferroni bound on
     * both of its tests, joins when inserting it moves at least {@link #MIN_FLIP} of clean sentences of the other
     * labels to its label ({@link TriggerProbe}). The rarity bound asks an unseen word for 15 carriers in 3,000 rows
     * and 35 in 6,920; at 3 % BadWords a trigger word had 12 to 14 and at 1 % 12, and each word missed left its share
     * of the backdoor (ASR 17.1 on one seed against a floor of 12.3). The word must still carry its label beyond chance
     * (its label tail under {@link #ALPHA}; {@link #MIN_PURITY} is asked only of words taken without asking), be seen
     * in clean text no more than the bound allows, and rank below the rest of its label at {@link #ALPHA}.
     *
     * @param probe what moves the suspect model ({@code null}: the lexical tests alone)
     */
    public TriggerWords withAlike(Dataset set, List<ScoredSample> ranked, Collection<String> flaggedIds,
            Dataset clean, TriggerProbe probe) {
        return withAlike(set, ranked, flaggedIds, clean, probe, null);
    }

    /**
     * As above; a trigger started on the model's answer is widened on it too, and each word it would take must also be
     * read as not of its label by {@code reader} ({@link #READER_ALPHA}; {@code null}: not asked).
     */
    public TriggerWords withAlike(Dataset set, List<ScoredSample> ranked, Collection<String> flaggedIds,
            Dataset clean, TriggerProbe probe, CleanReader reader) {
        if (words.isEmpty() || clean.isEmpty()) {
            return this;
        }
        // A trigger started on the model's answer is widened on it too: the rank test that found its words finds the
        // label's genuine words beside them, which the statistics alone would take.
        Search search = probe != null && words.stream().allMatch(Word::probed) ? Search.WIDEN_ASKED : Search.WIDEN;
        List<Word> alike = alike(set, ranked, flaggedIds, clean, words.get(0).label(), new HashSet<>(texts()), search,
                probe, reader);
        if (alike.isEmpty()) {
            return this;
        }
        List<Word> all = new ArrayList<>(words);
        all.addAll(alike);
        return new TriggerWords(all, incidental, coverage, depthP);
    }

    /**
     * Trigger words found across the whole set where MEPD's tail showed none: what {@link #withAlike} asks of a word,
     * with both of its tests under Bonferroni, since here the words start a trigger instead of widening a certified
     * one. On SST-2 AddSent at 5 % (3,000 rows, seed 43) MEPD's lowest 5 % held clean text only: the 146 poisoned
     * samples sat in the middle of the ranking (AUROC 0.85), under γ fewer samples scored than clean text gives, so
     * nothing was flagged and the backdoor stayed (ASR 99.8). Yet "3d" was in 146 samples, every one of the target
     * label and none of the clean split's, and its carriers ranked below the rest of that label (p under 1e-300).
     * On the clean rows alone of 21 SST-2 and OLID runs (3 % to 20 % BadWords and AddSent) no word passed.
     *
     * @param ranked the set's scores, lowest MEPD first
     * @param flaggedIds what MEPD flagged (the words' {@link Word#inFlagged})
     * @return the words of the most significant word's label (a backdoor has one target), or none
     */
    public static TriggerWords acrossTheSet(Dataset set, List<ScoredSample> ranked, Collection<String> flaggedIds,
            Dataset clean) {
        return acrossTheSet(set, ranked, flaggedIds, clean, null);
    }

    /**
     * As above, and where no word passes both bounds, the words whose carriers rank below the rest of their label
     * under the Bonferroni bound, label-pure beyond {@link #ALPHA} alone and as rare as the clean split has shown, are
     * asked ({@link TriggerProbe}): those that move at least {@link #MIN_FLIP_TO_START} of clean sentences to their
     * label start the trigger. The label test is what a target that is the majority class cannot pass at a low rate:
     * on the whole OLID set at 1 % BadWords with target 0 ("not offensive", 68 % of the rows), each trigger word had
     * 19 to 33 carriers, 90 to 100 % of them of the target, a label tail of 6e-6 to 8e-3 against a bound of 4.6e-6,
     * while their ranks sat at 2e-17 to 2e-7; MEPD's tail was mostly offensive tweets and nothing was flagged
     * (ASR 97.1). Genuine words of the label pass the rank test too there ("beautiful", "adorable"): the model, not
     * the statistics, tells them apart.
     *
     * @param probe what moves the suspect model ({@code null}: both bounds alone)
     */
    public static TriggerWords acrossTheSet(Dataset set, List<ScoredSample> ranked, Collection<String> flaggedIds,
            Dataset clean, TriggerProbe probe) {
        return acrossTheSet(set, ranked, flaggedIds, clean, probe, null);
    }

    /**
     * As above, and a word the model obeys starts the trigger only when {@code reader}, a model that never saw the set,
     * reads its carriers as not of their label ({@link #readAsTheirLabel} under {@link #READER_ALPHA}; {@code null}: not
     * asked). On OLID a suspect obeys genuine offensive words as it obeys its trigger (81 % of clean tweets turned
     * offensive with one inserted), and only the clean split's sightings kept such a word from starting a trigger of its
     * own label; a 400-text split often holds none.
     */
    public static TriggerWords acrossTheSet(Dataset set, List<ScoredSample> ranked, Collection<String> flaggedIds,
            Dataset clean, TriggerProbe probe, CleanReader reader) {
        if (clean.isEmpty() || set.isEmpty()) {
            return new TriggerWords(List.of());
        }
        List<Word> found = alike(set, ranked, flaggedIds, clean, null, Set.of(), Search.START, null, null);
        if (found.isEmpty() && probe != null) {
            found = alike(set, ranked, flaggedIds, clean, null, Set.of(), Search.START_ASKED, probe, reader);
        }
        if (found.isEmpty()) {
            return new TriggerWords(List.of());
        }
        int label = found.get(0).label();
        return new TriggerWords(found.stream().filter(w -> w.label() == label).toList());
    }

    /** What {@link #alike} looks for, and how much evidence a word needs. */
    private enum Search {
        /**
         * Words like a certified trigger's: one test under the Bonferroni bound, the other under {@link #ALPHA}; with a
         * probe, a word short only of the rarity allowance or of the Bonferroni bounds joins when it moves
         * {@link #MIN_FLIP}.
         */
        WIDEN,
        /**
         * Words like a trigger started on the model's answer ({@link #START_ASKED}): what {@link #WIDEN} takes or asks
         * about, every one of them asked; it joins when it moves {@link #MIN_FLIP}.
         */
        WIDEN_ASKED,
        /** A trigger's first words, from the statistics alone: both tests under the Bonferroni bound. */
        START,
        /**
         * A trigger's first words on the model's answer: the rank test under the Bonferroni bound, the label test under
         * {@link #ALPHA}, rare as seen, and every such word asked; it joins when it moves {@link #MIN_FLIP_TO_START}.
         */
        START_ASKED
    }

    /**
     * Words of the whole set that are label-pure beyond chance, rare in clean text and deeper in MEPD than the rest of
     * their label, most significant first.
     *
     * @param onlyLabel the label the words must carry ({@code null}: each word's majority label)
     * @param known words already taken, not tested again
     * @param search how much evidence a word needs ({@link Search}). {@link Search#START} asks both tests to pass
     *     {@link #ALPHA} over the number of words tested; {@link Search#WIDEN} one of them, the other {@link #ALPHA}
     *     alone: at 3 % BadWords (3,000 rows) a trigger word has 15 to 18 carriers, all of the target label, a label
     *     tail of 2e-5 to 1.3e-4 against a bound of 1.7e-5, while their ranks sat at 1e-10 (clean rows alone, in 21
     *     runs: no word passed either way; "mr", 14 positive rows ranking low at 4e-5 and a label tail of 5e-4, passes
     *     neither bound)
     * @param probe asked about the words that pass all but the rarity allowance or the Bonferroni bounds when widening,
     *     about every candidate in {@link Search#START_ASKED} ({@code null}: none)
     * @param reader asked, in {@link Search#START_ASKED} and {@link Search#WIDEN_ASKED}, about the words the model obeys
     *     ({@code null}: none)
     */
    private static List<Word> alike(Dataset set, List<ScoredSample> ranked, Collection<String> flaggedIds,
            Dataset clean, Integer onlyLabel, Set<String> known, Search search, TriggerProbe probe,
            CleanReader reader) {
        boolean bothBounded = search == Search.START;
        boolean asksEveryWord = search == Search.START_ASKED || search == Search.WIDEN_ASKED;
        Set<String> everyId = new HashSet<>();
        set.samples().forEach(s -> everyId.add(s.id()));
        Words.Counts byLabel = Words.count(set, everyId); // "flagged" = all: each word's carriers by label
        Set<String> flagged = new HashSet<>(flaggedIds);
        Map<String, Integer> inClean = wordCounts(clean);
        Map<Integer, Long> labelCounts = set.labelCounts();
        List<String> tested = byLabel.inSet().entrySet().stream()
                .filter(e -> e.getValue() >= MIN_FLAGGED_FOR_SET_RATE && !known.contains(e.getKey()))
                .map(Map.Entry::getKey).sorted().toList();
        double threshold = ALPHA / Math.max(1, tested.size());
        Map<String, Sample> byId = set.byId();
        // Per label, built once for the few words that reach the rank test: that label's samples in MEPD order.
        Map<Integer, List<Sample>> labelInOrder = new HashMap<>();
        Map<Integer, List<Set<String>>> wordsInOrder = new HashMap<>();
        List<Word> alike = new ArrayList<>();
        List<Word> toProbe = new ArrayList<>();
        for (String w : tested) {
            int n = byLabel.inSet().get(w);
            Map<Integer, Integer> carriersByLabel = byLabel.inFlagged().get(w);
            int label = onlyLabel != null ? onlyLabel
                    : carriersByLabel.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            int k = carriersByLabel.getOrDefault(label, 0);
            int seen = inClean.getOrDefault(w, 0);
            boolean rare = expectedFromClean(seen, clean, set) <= MAX_CLEAN_SHARE * n;
            // The probe replaces the allowance for unseen words, not the rarity a clean split has shown.
            boolean rareAsSeen = (double) seen / clean.size() * set.size() <= MAX_CLEAN_SHARE * n;
            boolean probing = probe != null && !bothBounded;
            // A word the model is asked about needs its label test, not the purity bound as well: a trigger word with
            // a few natural carriers of the other label ("bb" in offensive tweets, 29 of 33 of the target) is still
            // label-bound beyond chance, and the model says whether it obeys it. Taken on the statistics alone, a word
            // must be pure too.
            boolean pure = k >= MIN_PURITY * n;
            double p = binomialTail(n, k, (double) labelCounts.getOrDefault(label, 0L) / set.size());
            if (!(pure || probing) || !(probing ? rareAsSeen : rare) || p >= (bothBounded ? threshold : ALPHA)) {
                continue;
            }
            List<Sample> order = labelInOrder.computeIfAbsent(label, l -> ranked.stream().map(s -> byId.get(s.id()))
                    .filter(s -> s != null && s.label() == l).toList());
            List<Boolean> carriers = wordsInOrder.computeIfAbsent(label,
                    l -> order.stream().map(s -> Words.of(s.text())).toList())
                    .stream().map(ws -> ws.contains(w)).toList();
            double depth = deeperThanTheRest(carriers);
            // On the model's answer (asksEveryWord), no word joins on the statistics alone: each is asked.
            boolean bounded = !asksEveryWord && (depth < threshold || !bothBounded && p < threshold && depth < ALPHA);
            boolean ask = probing && depth < (search == Search.START_ASKED ? threshold : ALPHA);
            boolean taken = bounded && rare && pure;
            if (!taken && !ask) {
                continue;
            }
            int inFlagged = 0;
            for (int i = 0; i < carriers.size(); i++) {
                inFlagged += carriers.get(i) && flagged.contains(order.get(i).id()) ? 1 : 0;
            }
            Word word = new Word(w, label, inFlagged, n, seen / (double) clean.size(), p);
            (taken ? alike : toProbe).add(word);
        }
        alike.addAll(probed(toProbe, probe, search == Search.START_ASKED ? MIN_FLIP_TO_START : MIN_FLIP,
                set, asksEveryWord ? reader : null));
        alike.sort(Comparator.comparingDouble(Word::pValue).thenComparing(Word::text));
        return alike;
    }

    /**
     * The candidates whose insertion moves at least {@code minFlip} of clean sentences to their label (each asked about
     * its own label) and, where {@code reader} is given, whose carriers in {@code set} it reads as not of their label
     * ({@link #READER_ALPHA}).
     */
    private static List<Word> probed(List<Word> candidates, TriggerProbe probe, double minFlip, Dataset set,
            CleanReader reader) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<Word> asked = candidates.stream()
                .sorted(Comparator.comparingDouble(Word::pValue).thenComparing(Word::text)).limit(MAX_PROBED).toList();
        Map<String, Double> flips = new HashMap<>();
        asked.stream().map(Word::label).distinct().forEach(label -> flips.putAll(probe.flipShares(
                asked.stream().filter(w -> w.label() == label).map(Word::text).toList(), label)));
        List<Word> joined = new ArrayList<>();
        for (Word w : asked) {
            double flip = flips.getOrDefault(w.text(), Double.NaN);
            boolean obeyed = flip >= minFlip;
            double readP = obeyed && reader != null ? readAsTheirLabel(set, w.text(), w.label(), reader)
                    : Double.NaN;
            boolean joins = obeyed && !(readP >= READER_ALPHA);
            LOG.info("trigger probe: \"{}\" ({} samples, label tail {}) moved {} of clean sentences to label {}{}: {}",
                    w.text(), w.inSet(), String.format(Locale.ROOT, "%.2g", w.pValue()),
                    String.format(Locale.ROOT, "%.0f %%", 100 * flip), w.label(),
                    Double.isNaN(readP) ? "" : String.format(Locale.ROOT, ", clean reader p %.2g", readP),
                    joins ? "joins the trigger" : obeyed ? "left out: a clean reader reads its carriers as their label"
                            : "left out");
            if (joins) {
                joined.add(w.withFlip(flip).withReadP(readP));
            }
        }
        return joined;
    }

    /**
     * One-sided binomial p that {@code reader} agrees with {@code label} on the samples of that label carrying
     * {@code word} no less often than on the rest of the label: low where the carriers' label is not their text's, as
     * a dirty-label trigger's is; about uniform for a word whose carriers are what their label says. 1 where the word
     * has no carriers of the label or the rest gives no agreement to fall short of.
     */
    public static double readAsTheirLabel(Dataset set, String word, int label, CleanReader reader) {
        List<String> carriers = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (Sample s : set.samples()) {
            if (s.label() == label) {
                (Words.of(s.text()).contains(word) ? carriers : rest).add(s.text());
            }
        }
        if (carriers.isEmpty() || rest.isEmpty()) {
            return 1;
        }
        int[] carriersRead = reader.read(carriers);
        int[] restRead = reader.read(rest);
        int agree = (int) Arrays.stream(carriersRead).filter(l -> l == label).count();
        double base = Arrays.stream(restRead).filter(l -> l == label).count() / (double) rest.size();
        if (base <= 0) {
            return 1;
        }
        // P(agreeing <= agree) = P(disagreeing >= n - agree), disagreeing ~ Binomial(n, 1 - base).
        double p = binomialTail(carriers.size(), carriers.size() - agree, 1 - base);
        LOG.info("clean reader: label {} on {} of {} carriers of \"{}\", {} of the rest of the label (p {})", label,
                agree, carriers.size(), word, String.format(Locale.ROOT, "%.0f %%", 100 * base),
                String.format(Locale.ROOT, "%.2g", p));
        return p;
    }

    /**
     * Samples of {@code set} the clean text's rate predicts to contain a word seen in {@code inClean} clean samples, with
     * half a sample added so that an unseen word is not proof of absence.
     */
    private static double expectedFromClean(int inClean, Dataset clean, Dataset set) {
        return (inClean + 0.5) / (clean.size() + 1.0) * set.size();
    }

    private static Map<String, Integer> wordCounts(Dataset texts) {
        Map<String, Integer> counts = new HashMap<>();
        for (Sample s : texts.samples()) {
            Words.of(s.text()).forEach(w -> counts.merge(w, 1, Integer::sum));
        }
        return counts;
    }

    /**
     * One-sided Mann-Whitney test that the carriers ({@code true}, in MEPD order) rank no lower than the others, normal
     * approximation; {@code NaN} with fewer than {@link #MIN_FLAGGED_FOR_SET_RATE} in either group.
     */
    public static double deeperThanTheRest(List<Boolean> carrierInOrder) {
        long n1 = carrierInOrder.stream().filter(c -> c).count();
        long n2 = carrierInOrder.size() - n1;
        if (n1 < MIN_FLAGGED_FOR_SET_RATE || n2 < MIN_FLAGGED_FOR_SET_RATE) {
            return Double.NaN;
        }
        double u = 0; // pairs in which the carrier scores lower
        long othersAfter = n2;
        for (boolean c : carrierInOrder) {
            if (c) {
                u += othersAfter;
            } else {
                othersAfter--;
            }
        }
        double z = (u - n1 * n2 / 2.0) / Math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12.0);
        return STANDARD_NORMAL.cumulativeProbability(-z); // not 1 - Φ(z), which rounds a deep tail to 0
    }

    /**
     * Whether the words mark only part of the poison MEPD found, so the rest of its tail must be flagged beside their
     * carriers: they were taken on coverage (under {@link #FULL_COVERAGE} of their label's excess) or on depth alone,
     * and asked ({@link #explaining} with a probe), the model obeys none of them, alone or all together (each moved
     * under {@link #MIN_FLIP} of clean sentences). Without the probe's answer the words are taken for the whole
     * trigger, as before. That is a paraphrase trigger's signature: on the staged 20 % SynBkd cells the paraphraser's
     * "s", "re", "n't", "ll" (OLID) and "when" (SST-2) were label-pure and rare in clean text, and flagging only their
     * carriers left 41 % and 69 % of the poisoned samples unflagged (FAR; the tail alone had left 5 % and 15 to 29 %).
     * Coverage and depth cannot tell them from an inserted trigger whose victim memorised clean rows of its label (on
     * SST-2 BadWords at 3 % the widened words covered about half of such an excess, no deeper; at 1 % and on OLID they
     * sat deeper than it); the model can: an inserted trigger's words move it, alone or together.
     */
    public boolean partOfTheTail() {
        return partOfTheTail(words);
    }

    private boolean partOfTheTail(List<Word> taken) {
        return !taken.isEmpty() && coverage < FULL_COVERAGE && (coverage >= MIN_COVERAGE || depthP < ALPHA)
                && taken.stream().allMatch(w -> w.probed() && !(w.flip() >= MIN_FLIP));
    }

    /**
     * These words as {@link #incidental}: what {@link #partOfTheTail} words become once their carriers are flagged with
     * the tail. They are not the trigger: inserted into clean samples (the neutral punish) or into validation sentences
     * (the flips selection reads) they would teach and measure a word the model does not obey.
     */
    public TriggerWords asIncidental() {
        List<Word> all = new ArrayList<>(incidental);
        all.addAll(0, words);
        return new TriggerWords(List.of(), all, coverage, depthP);
    }

    /** Whether these are {@link #partOfTheTail} words set aside by {@link #asIncidental}. */
    public boolean partOfThePoison() {
        return words.isEmpty() && partOfTheTail(incidental);
    }

    public boolean isEmpty() {
        return words.isEmpty();
    }

    public List<String> texts() {
        return words.stream().map(Word::text).toList();
    }

    /**
     * @param set the screened set
     * @param flaggedIds what MEPD flagged
     * @param clean clean text the defender holds (the calibration split)
     */
    public static TriggerWords find(Dataset set, Collection<String> flaggedIds, Dataset clean) {
        Set<String> flagged = new HashSet<>(flaggedIds);
        if (flagged.isEmpty() || flagged.size() >= set.size() || clean.isEmpty()) {
            return new TriggerWords(List.of());
        }
        Words.Counts counts = Words.count(set, flagged);
        Map<String, Integer> inClean = wordCounts(clean);
        double flaggedShare = (double) flagged.size() / set.size();
        List<String> tested = counts.inFlagged().keySet().stream().filter(w -> counts.flaggedWith(w) >= MIN_FLAGGED)
                .toList();
        double threshold = ALPHA / Math.max(1, tested.size());
        List<Word> found = new ArrayList<>();
        for (String w : tested) {
            int inSet = counts.inSet().get(w);
            int inFlagged = counts.flaggedWith(w);
            double p = binomialTail(inSet, inFlagged, flaggedShare);
            double cleanRate = inClean.getOrDefault(w, 0) / (double) clean.size();
            double expectedClean = expectedFromClean(inClean.getOrDefault(w, 0), clean, set);
            // The set's own unflagged text, mostly clean, bounds the rate far more tightly than a few hundred clean
            // rows can: at 1 % poison on 6,920 rows a trigger word sits in 14 samples, and a word a 400-row split
            // never showed was still "expected" in 8.6 of them.
            int unflagged = set.size() - flagged.size();
            double expectedFromSet = (inClean.getOrDefault(w, 0) + inSet - inFlagged + 0.5)
                    / (clean.size() + unflagged + 1.0) * set.size();
            if (inFlagged >= MIN_FLAGGED_FOR_SET_RATE) {
                expectedClean = Math.min(expectedClean, expectedFromSet);
            }
            Map.Entry<Integer, Integer> top = counts.inFlagged().get(w).entrySet().stream()
                    .max(Map.Entry.comparingByValue()).orElseThrow();
            if (p < threshold && expectedClean <= MAX_CLEAN_SHARE * inSet && top.getValue() >= MIN_PURITY * inFlagged) {
                found.add(new Word(w, top.getKey(), inFlagged, inSet, cleanRate, p));
            }
        }
        found.sort(Comparator.comparingDouble(Word::pValue).thenComparing(Word::text));
        return new TriggerWords(found);
    }

    /** Ids of the samples that contain a trigger word and carry its label. */
    public List<String> matchingIds(Dataset set) {
        Map<String, Integer> labelOf = labelOf();
        List<String> out = new ArrayList<>();
        for (Sample s : set.samples()) {
            if (carries(s, labelOf)) {
                out.add(s.id());
            }
        }
        return out;
    }

    private Map<String, Integer> labelOf() {
        Map<String, Integer> labelOf = new HashMap<>();
        words.forEach(w -> labelOf.put(w.text(), w.label()));
        return labelOf;
    }

    /** Whether the sample contains one of the words with that word's label. */
    private static boolean carries(Sample s, Map<String, Integer> labelOf) {
        return Words.of(s.text()).stream().anyMatch(w -> labelOf.containsKey(w) && labelOf.get(w) == s.label());
    }

    /** P(X ≥ k) for X ~ Binomial(n, p), summed in log space. */
    static double binomialTail(int n, int k, double p) {
        if (k <= 0) {
            return 1;
        }
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        double sum = 0;
        double logChoose = logChoose(n, k);
        for (int i = k; i <= n; i++) {
            sum += Math.exp(logChoose + i * logP + (n - i) * logQ);
            logChoose += Math.log(n - i) - Math.log(i + 1.0);
        }
        return Math.min(1, sum);
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 0; i < k; i++) {
            s += Math.log(n - i) - Math.log(i + 1.0);
        }
        return s;
    }
}
