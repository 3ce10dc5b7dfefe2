package org.bedkd.defense.akd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.bedkd.data.Dataset;
import org.bedkd.data.Sample;
import org.bedkd.defense.DefenseMethod;
import org.bedkd.defense.Objectives;
import org.bedkd.defense.mepd.TriggerFragments;
import org.bedkd.metrics.ConfusionMatrix;
import org.bedkd.metrics.Metrics;
import org.bedkd.model.LogitShift;
import org.bedkd.model.TextClassifier;
import org.bedkd.train.Phase;
import org.bedkd.train.TrainListener;
import org.bedkd.train.TrainLoop;
import org.bedkd.train.TrainResult;
import org.bedkd.train.TrainSettings;
import org.bedkd.train.TrainSpeed;
import org.bedkd.train.TrainingSet;
import org.bedkd.train.loss.CrossEntropyLoss;
import org.bedkd.train.loss.NegatedLoss;
import org.bedkd.train.loss.TrainingLoss;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purifies a suspect model with one of the {@link DefenseMethod}s. The student starts as a copy of the suspect model,
 * which stays frozen as the teacher. After every epoch the student is scored on signals a defender really has: clean
 * validation accuracy and, for methods that use flagged samples, how often flagged samples held out of training still
 * get their (target) label. The best eligible epoch is kept; the test set is never looked at.
 */
public final class AdversarialDistiller {

    private static final int EVAL_BATCH = 64;
    /** Where the fragments go in the trust copies: fixed, so a run repeats (validation's use {@code seed}). */
    private static final long TRUST_TRIGGER_SEED = 0x7e57L;
    private static final Logger LOG = LoggerFactory.getLogger(AdversarialDistiller.class);

    private AdversarialDistiller() {
    }

    /**
     * @param suspect the poisoned model (not modified)
     * @param method which defense to run (not {@code NONE})
     * @param trust clean few-shot set D_c^few
     * @param flagged DMM-flagged samples, lowest MEPD first (may be empty; ignored by FT and KD)
     * @param validation clean validation split for model selection
     */
    public static AkdResult purify(TextClassifier suspect, DefenseMethod method, Dataset trust, Dataset flagged,
            Dataset validation, AkdConfig config, long seed, TrainListener listener) {
        return purify(suspect, method, trust, flagged, validation, config, TrainSpeed.DEFAULT, seed, listener);
    }

    /**
     * As above, with our training speed-ups switchable ({@code speed}). {@code listener} sees every step and every
     * epoch (with the student's weights of that epoch) before this epoch's selection; it may stop training early.
     */
    public static AkdResult purify(TextClassifier suspect, DefenseMethod method, Dataset trust, Dataset flagged,
            Dataset validation, AkdConfig config, TrainSpeed speed, long seed, TrainListener listener) {
        return purify(suspect, method, trust, FlaggedSet.withoutTriggers(flagged), validation, config, speed, seed,
                listener);
    }

    /** As above, with the trigger words the detector suspects in the flagged samples. */
    public static AkdResult purify(TextClassifier suspect, DefenseMethod method, Dataset trust, FlaggedSet detected,
            Dataset validation, AkdConfig config, TrainSpeed speed, long seed, TrainListener listener) {
        Dataset flagged = detected.samples();
        if (method == DefenseMethod.NONE) {
            throw new IllegalArgumentException("method 'none' does not train a model");
        }
        if (trust.isEmpty()) {
            throw new IllegalArgumentException("the clean set for " + method.id() + " is empty");
        }
        if (validation.isEmpty()) {
            throw new IllegalArgumentException("model selection needs a non-empty clean validation split");
        }
        long start = System.nanoTime();
        suspect.setPrecision(speed.resolvedPrecision()); // teacher; the student and the kept copy inherit it
        List<Sample> heldOut = new ArrayList<>();
        List<Sample> punished = new ArrayList<>();
        List<String> triggeredValidation = withTriggers(validation, flagged, detected.triggerWords(), seed);
        if (method.usesFlagged()) {
            // With trigger fragments to insert, selection reads their flips on the clean validation texts, so a
            // held-out share would keep found carriers out of the punish pass for nothing (measured on six cells:
            // ASR and CACC moved within their noise; results/AKD.md).
            splitFlagged(flagged.samples(), triggeredValidation == null ? config.holdoutFraction() : 0,
                    config.punishLimit(), seed, heldOut, punished);
        }
        Dataset heldOutSet = flagged.withSamples("flagged-held-out", heldOut);
        Dataset punishedSet = flagged.withSamples("flagged-punished", punished);

        TextClassifier student = suspect.copy(suspect.name() + "-" + method.id().replace('+', '-'));
        TextClassifier best = null;
        try {
            List<Phase> phases = phases(suspect, student, method, trust, punishedSet, detected.triggerWords(), config,
                    speed);
            PoisonPrior prior = config.matchSuspectShare()
                    ? PoisonPrior.of(detected, method.usesFlagged(), suspect.schema().size()).orElse(null) : null;
            Selection selection = new Selection(student, suspect, validation, heldOutSet, punishedSet, config,
                    labelRate(suspect, heldOutSet), triggeredValidation, prior);
            best = suspect.copy(suspect.name() + "-best");
            selection.best = best;
            TrainSettings settings = speed.settings(config.epochs(), seed).withLearningRate(config.learningRate())
                    .withOrder(config.order());
            TrainResult result = TrainLoop.fit(student, settings, phases, afterSelection(selection, listener));
            if (selection.bestEpoch != result.epochs().size() || selection.backoffs > 0) {
                student.copyWeightsFrom(best);
            }
            if (selection.bestShift.amount() != 0f) {
                student.shiftLogits(selection.bestShift.perClass(suspect.schema().size()));
            }
            if (config.calibratePrior() && suspect.schema().size() == 2) {
                float shift = PriorCalibration.logitShift(student.probabilities(validation.texts(), EVAL_BATCH),
                        validation.labels());
                student.shiftLogits(new float[] {0f, shift});
            }
            return new AkdResult(student, selection.epochs, selection.bestEpoch, selection.suspectCacc,
                    selection.suspectHeldOut, punished.size(), heldOut.size(), result.stoppedEarly(),
                    (System.nanoTime() - start) / 1e9, selection.ranking.eligible(selection.bestStats),
                    selection.classShares);
        } catch (RuntimeException e) {
            student.close();
            throw e;
        } finally {
            if (best != null) {
                best.close();
            }
        }
    }

    /**
     * Selection first, then the caller's listener, which sees each epoch read as selection read it (with its logit
     * shift): a benchmark's per-epoch test ASR of the selected epoch is then the purified model's.
     */
    private static TrainListener afterSelection(Selection selection, TrainListener outer) {
        return selection.andThen(new TrainListener() {
            @Override
            public void onStep(StepEvent step) {
                outer.onStep(step);
            }

            @Override
            public boolean onEpochEnd(EpochEvent epoch) {
                return outer.onEpochEnd(epoch.withLogitShift(selection.shift));
            }

            @Override
            public double phaseShare(String phase, int epoch) {
                return outer.phaseShare(phase, epoch);
            }
        });
    }

    /** Holds out a random share of the flagged samples; punishes up to n_p of the rest (0: all), lowest MEPD first. */
    static void splitFlagged(List<Sample> flagged, double holdoutFraction, int punishLimit, long seed,
            List<Sample> heldOut, List<Sample> punished) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < flagged.size(); i++) {
            idx.add(i);
        }
        Collections.shuffle(idx, new Random(seed ^ 0x5eedL));
        int hold = (int) Math.floor(holdoutFraction * flagged.size());
        boolean[] isHeld = new boolean[flagged.size()];
        idx.subList(0, hold).forEach(i -> isHeld[i] = true);
        for (int i = 0; i < flagged.size(); i++) {
            if (isHeld[i]) {
                heldOut.add(flagged.get(i));
            } else if (punishLimit == 0 || punished.size() < punishLimit) {
                punished.add(flagged.get(i));
            }
        }
    }

    private static List<Phase> phases(TextClassifier suspect, TextClassifier student, DefenseMethod method,
            Dataset trust, Dataset punished, Set<String> triggerWords, AkdConfig config, TrainSpeed speed) {
        List<Phase> phases = new ArrayList<>();
        int bs = config.batchSize();
        if (method.distils()) {
            TrainingLoss loss = Objectives.trust(config.lambda(), config.temperature());
            // BeDKD's only: the "+DMM" baselines keep the paper's trust pass.
            List<String> triggered = config.triggerInTrust() && method == DefenseMethod.BEDKD
                    ? withTriggers(trust, punished, triggerWords, TRUST_TRIGGER_SEED) : null;
            TrainingSet trustSet = triggered == null
                    ? TrainingSet.of(student, trust).withTeacherFor(loss, suspect, EVAL_BATCH, speed)
                    : withTriggeredCopies(student, suspect, trust, triggered);
            phases.add(new Phase("trust", trustSet, loss, bs));
        } else {
            phases.add(new Phase("ft", TrainingSet.of(student, trust), Objectives.crossEntropy(), bs));
        }
        if (!method.usesFlagged() || punished.isEmpty()) {
            return phases;
        }
        if (method != DefenseMethod.BEDKD) {
            // The "+DMM" baselines: plain gradient ascent on the flagged samples' own labels.
            phases.add(new Phase(PunishStrategy.PHASE, TrainingSet.of(student, punished),
                    new NegatedLoss(new CrossEntropyLoss(), config.punishBound()), bs));
        } else {
            phases.add(config.punish().phase(new PunishStrategy.Inputs(student, suspect, punished, trust, config, speed,
                    triggerWords)));
        }
        return capPunish(phases, trust.size(), config.punishRatio());
    }

    /**
     * The trust set followed by its triggered copies ({@code triggered}, row for row), each under the clean sample's
     * label and with the teacher's output on the clean text as its soft target: what the teacher says of the sentence
     * is what the student should say of it with the trigger in.
     */
    static TrainingSet withTriggeredCopies(TextClassifier student, TextClassifier teacher, Dataset trust,
            List<String> triggered) {
        List<String> texts = new ArrayList<>(trust.texts());
        texts.addAll(triggered);
        List<String> teacherTexts = new ArrayList<>(trust.texts());
        teacherTexts.addAll(trust.texts());
        int[] labels = new int[texts.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = trust.get(i % trust.size()).label();
        }
        return TrainingSet.of(trust.name() + "-with-trigger", student, texts, labels).withTeacherOn(teacher,
                teacherTexts, EVAL_BATCH);
    }

    /** Limits the punish phase to {@code ratio × trustSize} samples per epoch (a fresh subset each epoch). */
    private static List<Phase> capPunish(List<Phase> phases, int trustSize, double ratio) {
        if (ratio <= 0) {
            return phases;
        }
        return phases.stream().map(p -> p.name().equals(PunishStrategy.PHASE) ? new Phase(p.name(), p.data(), p.loss(),
                p.batchSize(), Math.max(1, (int) Math.round(ratio * trustSize))) : p).toList();
    }

    /**
     * The validation texts, each with one of the flagged samples' trigger fragments inserted (in turn), or
     * {@code null} when no trigger word is known: what {@link Selection} measures trigger flips on.
     */
    static List<String> withTriggers(Dataset validation, Dataset flagged, Set<String> triggerWords, long seed) {
        List<TriggerFragments.Fragment> fragments = TriggerFragments.fragments(flagged.texts(), triggerWords).stream()
                .flatMap(Optional::stream).toList();
        if (fragments.isEmpty()) {
            return null;
        }
        Random positions = new Random(seed ^ 0x7219L);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < validation.size(); i++) {
            out.add(fragments.get(i % fragments.size()).insertInto(validation.get(i).text(), positions));
        }
        return out;
    }

    static double accuracy(TextClassifier model, Dataset data) {
        return data.isEmpty() ? Double.NaN : Metrics.accuracy(model.predict(data.texts(), EVAL_BATCH), data.labels());
    }

    /** Share of samples still classified with their own label (for flagged samples: the backdoor target). */
    static double labelRate(TextClassifier model, Dataset data) {
        return accuracy(model, data);
    }

    /**
     * Per-epoch validation, best-epoch bookkeeping ({@link EpochRanking}) and the back-off: an epoch that leaves the CACC tolerance by more
     * than the validation split's noise ({@link EpochRanking#noiseMargin}) is rolled back to the last eligible weights (the
     * suspect's before any) and the punish pass is halved for the next epochs, up to {@link #MAX_BACKOFFS} times.
     * Running on instead moved the clean boundary further each epoch (OLID AddSent toward the minority class:
     * validation CACC 69.8, 59.8, 49.8, 48.8, issue #18).
     */
    private static final class Selection implements TrainListener {
        static final int MAX_BACKOFFS = 3;
        final TextClassifier student;
        final TextClassifier suspect;
        final Dataset validation;
        final Dataset heldOut;
        final Dataset punished;
        final AkdConfig config;
        final double suspectCacc;
        final double suspectHeldOut;
        final EpochRanking ranking;
        final List<String> triggeredValidation;
        final List<AkdEpoch> epochs = new ArrayList<>();
        /**
         * When each epoch is read at the suspect model's class shares: how many of the validation texts it should call
         * the shifted class ({@link ClassShares#matched}: the suspect's count with the flagged samples' prior shift
         * undone, bounded by the labels within their noise), and where that came from; {@code null} when not matched.
         */
        final ClassShares classShares;
        TextClassifier best;
        LogitShift bestShift = LogitShift.NONE;
        LogitShift shift = LogitShift.NONE;
        AkdEpoch bestStats;
        /** The kept epoch's validation predictions, to count the sentences a later one disagrees with it on. */
        int[] bestPredicted;
        int bestEpoch;
        double punishShare = 1;
        int backoffs;
        final Patience patience;

        Selection(TextClassifier student, TextClassifier suspect, Dataset validation, Dataset heldOut, Dataset punished,
                AkdConfig config, double suspectHeldOut, List<String> triggeredValidation, PoisonPrior prior) {
            this.student = student;
            this.suspect = suspect;
            this.validation = validation;
            this.heldOut = heldOut;
            this.punished = punished;
            this.config = config;
            this.suspectHeldOut = suspectHeldOut;
            this.triggeredValidation = triggeredValidation;
            this.patience = new Patience(config.patience());
            float[][] suspectProbabilities = suspect.probabilities(validation.texts(), EVAL_BATCH);
            int[] reference = TextClassifier.argmax(suspectProbabilities);
            if (prior != null) {
                this.classShares = ClassShares.of(suspectProbabilities, reference, prior, validation.labels());
                LOG.info("class {} on {} validation texts: suspect {}, poison's prior undone {}, labels {}; matching {}",
                        classShares.shiftedClass(), classShares.validationTexts(), classShares.suspect(),
                        classShares.corrected(), classShares.labelled(), classShares.matched());
                // The reference is read at the shares the students are read at, so that the tolerance measures what
                // the punish pass costs and not the share move: against the suspect's own share, OLID AddSent 20 % t0
                // seed 42 (a shift of 615 carriers) backed off three times and kept the backdoor (ASR 66.7).
                reference = PriorCalibration.shiftFor(suspectProbabilities, classShares.shiftedClass(),
                        classShares.matched()).predict(suspectProbabilities);
            } else {
                this.classShares = null;
            }
            this.suspectCacc = Metrics.accuracy(reference, validation.labels());
            this.ranking = config.balancedGuard()
                    ? EpochRanking.guarded(suspectCacc, config.caccTolerance(), heldOut.isEmpty(),
                            confusion(reference))
                    : new EpochRanking(suspectCacc, config.caccTolerance(), validation.size(), heldOut.isEmpty());
        }

        @Override
        public boolean onEpochEnd(EpochEvent e) {
            long t0 = System.nanoTime();
            float[][] validationProbabilities = student.probabilities(validation.texts(), EVAL_BATCH);
            shift = classShares == null ? LogitShift.NONE
                    : PriorCalibration.shiftFor(validationProbabilities, classShares.shiftedClass(),
                            classShares.matched());
            int[] predicted = shifted(validationProbabilities);
            double cacc = Metrics.accuracy(predicted, validation.labels());
            double triggerFlips = triggerFlips(predicted);
            double heldOutRate = shiftedLabelRate(heldOut);
            double punishedRate = shiftedLabelRate(punished);
            double seconds = e.seconds() + (System.nanoTime() - t0) / 1e9;
            boolean backOff = !punished.isEmpty() && backoffs < MAX_BACKOFFS && !ranking.withinNoise(cacc);
            AkdEpoch stats = new AkdEpoch(e.epoch(), e.phaseLoss(), e.maxGradNorm(), cacc, heldOutRate, punishedRate,
                    seconds, punishShare, backOff, triggerFlips, confusion(predicted).balancedAccuracy(), shift.amount());
            epochs.add(stats);
            boolean kept = bestStats == null || ranking.better(stats, bestStats,
                    config.laterOnTies() ? discordant(predicted, bestPredicted) : -1);
            if (kept) {
                bestStats = stats;
                bestPredicted = predicted;
                bestEpoch = e.epoch();
                bestShift = shift;
                best.copyWeightsFrom(student);
            }
            if (backOff) {
                student.copyWeightsFrom(ranking.eligible(bestStats) ? best : suspect);
                punishShare /= 2;
                backoffs++;
                return true; // a rolled-back epoch is a retry, not an epoch without progress
            }
            // Without a backdoor signal (FT, KD) every epoch runs: CACC alone is not what these methods stop on.
            return Double.isNaN(ranking.signal(stats)) || patience.trainOn(kept);
        }

        /** Validation sentences exactly one of two epochs' predictions gets right. */
        private int discordant(int[] a, int[] b) {
            int[] labels = validation.labels();
            int n = 0;
            for (int i = 0; i < labels.length; i++) {
                n += (a[i] == labels[i]) != (b[i] == labels[i]) ? 1 : 0;
            }
            return n;
        }

        /** The student's predictions with this epoch's logit shift. */
        private int[] shifted(float[][] probabilities) {
            return shift.predict(probabilities);
        }

        private double shiftedLabelRate(Dataset data) {
            return data.isEmpty() ? Double.NaN
                    : Metrics.accuracy(shifted(student.probabilities(data.texts(), EVAL_BATCH)), data.labels());
        }

        private ConfusionMatrix confusion(int[] predicted) {
            return ConfusionMatrix.of(predicted, validation.labels(), validation.schema().size());
        }

        @Override
        public double phaseShare(String phase, int epoch) {
            return phase.equals(PunishStrategy.PHASE) ? punishShare : 1;
        }

        /**
         * Share of validation sentences whose prediction changes when a trigger fragment is inserted, percent
         * ({@code NaN} without trigger words). A backdoored model flips non-target sentences to the target, an
         * over-corrected one flips target sentences away from it, a clean model flips neither.
         */
        double triggerFlips(int[] predicted) {
            if (triggeredValidation == null) {
                return Double.NaN;
            }
            int[] triggered = shifted(student.probabilities(triggeredValidation, EVAL_BATCH));
            return Metrics.flipRate(predicted, triggered, validation.labels(), label -> true);
        }
    }
}
