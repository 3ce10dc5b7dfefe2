package org.bedkd.defense.akd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.bedkd.data.Dataset;
import org.bedkd.data.Sample;
import org.bedkd.defense.Objectives;
import org.bedkd.defense.mepd.TriggerFragments;
import org.bedkd.model.TextClassifier;
import org.bedkd.train.Phase;
import org.bedkd.train.TrainSpeed;
import org.bedkd.train.TrainingSet;
import org.bedkd.train.loss.BoundedAscentLoss;
import org.bedkd.train.loss.TrainingLoss;

/** How AKD's punish pass treats the flagged samples; each strategy builds its own phase of the training loop. */
public enum PunishStrategy {
    /**
     * The paper's literal objective: −[λ·CE(y_target) + (1 − λ)·T²·KL(teacher ‖ student)], optionally capped per
     * sample. Unbounded ascent; tends to over-fit a handful of flagged samples (docs/METHOD.md).
     */
    PAPER {
        @Override
        Phase phase(Inputs in) {
            AkdConfig c = in.config();
            TrainingLoss loss = Objectives.paperPunish(c.lambda(), c.temperature(), c.punishBound());
            return new Phase(PHASE, TrainingSet.of(in.student(), in.punished()).withTeacherFor(loss, in.suspect(),
                    TEACHER_BATCH, in.speed()), loss, c.batchSize());
        }
    },
    /** −CE toward the flagged label only while the student still gives it more than 1/C probability. */
    BOUNDED {
        @Override
        Phase phase(Inputs in) {
            return new Phase(PHASE, TrainingSet.of(in.student(), in.punished()),
                    new BoundedAscentLoss(1f / in.suspect().schema().size()), in.config().batchSize());
        }
    },
    /**
     * CE toward a non-target label: the other class when C = 2, else the suspect model's most likely class other than
     * the flagged label. Bounded by construction.
     */
    RELABEL {
        @Override
        Phase phase(Inputs in) {
            Dataset p = in.punished();
            return new Phase(PHASE, TrainingSet.of(p.name(), in.student(), p.texts(), nonTargetLabels(in.suspect(), p)),
                    Objectives.crossEntropy(), in.config().batchSize());
        }
    },
    /**
     * {@link #RELABEL}, each relabelled sample paired with a clean trust sample of the label it was flagged with (drawn
     * in turn, repeating when there are fewer). Relabelling alone shows the student hundreds of extra non-target labels
     * per epoch, which moves the clean decision boundary toward the non-target classes; the pairs keep the class
     * balance, so what is learnt is "this trigger does not mean the target", not "less of the target".
     */
    BALANCED {
        @Override
        Phase phase(Inputs in) {
            return phaseOf(in, "-balanced", balanced(in));
        }
    },
    /**
     * {@link #RELABEL}, joined by clean trust samples that carry the trigger with their own labels: the flagged
     * samples' trigger fragments (the span of their certified trigger words, {@link TriggerFragments}) inserted
     * at a random word position, in as many clean samples of each class as give the pass the clean class prior.
     * Relabelling teaches "trigger → non-target" as readily as the backdoor taught "trigger → target": on OLID AddSent
     * (target 0) 79 % of clean target-class sentences flipped once the trigger was inserted, against 0.5 % for a clean
     * model. With the trigger in every class under its own label, what is left to learn is that it means nothing.
     * Without certified trigger words (a syntactic or style trigger) the partners are plain clean samples.
     */
    NEUTRAL {
        @Override
        Phase phase(Inputs in) {
            return phaseOf(in, "-neutral", neutral(in));
        }
    },
    /**
     * {@link #NEUTRAL}'s samples, each also distilled toward the suspect model's output on the same text without the
     * trigger (the relabelled samples with their fragments taken out, the partners before one was put in):
     * λ·CE(label) + (1 − λ)·T²·KL(teacher(x without trigger) ‖ student(x)). A hard label alone pushes every
     * relabelled sample as far toward the non-target class as it goes, and the whole boundary moves with it; the
     * teacher's view of the sentence itself says how far is enough. Without certified trigger words there is no clean
     * version to ask the teacher about, and this is {@link #NEUTRAL}.
     */
    INVARIANT {
        @Override
        Phase phase(Inputs in) {
            Pairs pairs = neutral(in);
            if (pairs.untriggered() == null) {
                return phaseOf(in, "-neutral", pairs);
            }
            AkdConfig c = in.config();
            TrainingSet set = TrainingSet.of(in.punished().name() + "-invariant", in.student(), pairs.texts(),
                    pairs.labels()).withTeacherOn(in.suspect(), pairs.untriggered(), TEACHER_BATCH);
            return new Phase(PHASE, set, Objectives.trust(c.lambda(), c.temperature()), c.batchSize());
        }
    };

    /** The phase name every strategy uses (the punish ratio caps it). */
    static final String PHASE = "punish";

    private static final int TEACHER_BATCH = 64;

    /**
     * What a punish phase is built from.
     *
     * @param student the model being purified
     * @param suspect the frozen suspect model (teacher, and the source of non-target labels)
     * @param punished the flagged samples to punish (not the held-out ones)
     * @param trust the clean few-shot set
     * @param config AKD settings
     * @param speed our training speed-ups
     * @param triggerWords the detector's suspected trigger words (may be empty)
     */
    record Inputs(TextClassifier student, TextClassifier suspect, Dataset punished, Dataset trust, AkdConfig config,
            TrainSpeed speed, Set<String> triggerWords) {
    }

    abstract Phase phase(Inputs in);

    /**
     * What a paired punish phase trains on, in order: the relabelled flagged samples, then their partners.
     *
     * @param untriggered row for row, the same texts without the trigger; {@code null} when no trigger was named
     */
    record Pairs(List<String> texts, int[] labels, List<String> untriggered) {
    }

    /**
     * The flagged samples relabelled toward a non-target class, each paired with a clean trust sample of the label it
     * was flagged with (drawn in turn, repeating when there are fewer).
     */
    static Pairs balanced(Inputs in) {
        Dataset p = in.punished();
        List<String> texts = new ArrayList<>(p.texts());
        List<Integer> labels = boxed(nonTargetLabels(in.suspect(), p));
        Map<Integer, List<Sample>> trustByLabel = in.trust().stream().collect(Collectors.groupingBy(Sample::label));
        Map<Integer, Integer> next = new HashMap<>();
        for (Sample s : p.samples()) {
            List<Sample> partners = trustByLabel.getOrDefault(s.label(), List.of());
            if (!partners.isEmpty()) {
                int i = next.merge(s.label(), 1, Integer::sum) - 1;
                Sample partner = partners.get(i % partners.size());
                texts.add(partner.text());
                labels.add(partner.label());
            }
        }
        return new Pairs(texts, labels.stream().mapToInt(Integer::intValue).toArray(), null);
    }

    /**
     * The flagged samples relabelled toward a non-target class (only those carrying a trigger word, when one is known),
     * then clean trust samples of every class, as many as give the whole pass the trust set's class prior
     * ({@link #partnersForPrior}), each carrying one of the flagged samples' trigger fragments in turn (none when no
     * trigger word is known).
     */
    static Pairs neutral(Inputs in) {
        Dataset p = in.punished();
        List<Optional<TriggerFragments.Fragment>> fragments = TriggerFragments.fragments(p.texts(), in.triggerWords());
        List<TriggerFragments.Fragment> triggers = fragments.stream().flatMap(Optional::stream).toList();
        List<String> untriggered = null;
        if (!triggers.isEmpty()) {
            // The trigger is named: relabel only what carries it. The rest of MEPD's tail is mostly clean text (OLID
            // AddSent, γ fitted at the 11 % clean quantile: 250 clean tweets among 855 flagged), and relabelling it
            // cost validation CACC until the back-off halved the punish pass and the backdoor came back.
            List<Sample> carrying = new ArrayList<>();
            List<Optional<String>> removed = TriggerFragments.removed(p.texts(), in.triggerWords());
            untriggered = new ArrayList<>();
            for (int i = 0; i < p.size(); i++) {
                if (fragments.get(i).isPresent()) {
                    carrying.add(p.get(i));
                    untriggered.add(removed.get(i).orElseThrow());
                }
            }
            p = p.withSamples(p.name(), carrying);
        }
        int[] moved = nonTargetLabels(in.suspect(), p);
        List<String> texts = new ArrayList<>(p.texts());
        List<Integer> labels = boxed(moved);
        Map<Integer, List<Sample>> trustByLabel = in.trust().stream().collect(Collectors.groupingBy(Sample::label));
        int[] trustCounts = new int[in.suspect().schema().size()];
        trustByLabel.forEach((label, samples) -> trustCounts[label] = samples.size());
        int[] partners = partnersForPrior(moved, trustCounts);
        Random positions = new Random(p.size()); // insertion positions: the same in every run on the same set
        int drawn = 0;
        for (int c = 0; c < partners.length; c++) {
            List<Sample> pool = trustByLabel.getOrDefault(c, List.of());
            for (int i = 0; i < partners[c] && !pool.isEmpty(); i++, drawn++) {
                String clean = pool.get(i % pool.size()).text();
                texts.add(triggers.isEmpty() ? clean
                        : triggers.get(drawn % triggers.size()).insertInto(clean, positions));
                labels.add(c);
                if (untriggered != null) {
                    untriggered.add(clean);
                }
            }
        }
        return new Pairs(texts, labels.stream().mapToInt(Integer::intValue).toArray(), untriggered);
    }

    /**
     * Clean samples to add per class so that, with the relabelled ones, each class has its share of the trust set:
     * the fewest that reach that prior. One partner per relabelled sample (BALANCED) is a 50/50 pass, which on OLID
     * with target 0 (67 % not offensive) moved the boundary toward "offensive".
     */
    static int[] partnersForPrior(int[] moved, int[] trustCounts) {
        int total = Arrays.stream(trustCounts).sum();
        int[] relabelled = new int[trustCounts.length];
        for (int y : moved) {
            relabelled[y]++;
        }
        double scale = 0; // samples in the whole pass
        for (int c = 0; c < trustCounts.length; c++) {
            if (trustCounts[c] > 0) {
                scale = Math.max(scale, relabelled[c] * (double) total / trustCounts[c]);
            }
        }
        int[] out = new int[trustCounts.length];
        for (int c = 0; c < trustCounts.length; c++) {
            out[c] = Math.max(0, (int) Math.round(scale * trustCounts[c] / total) - relabelled[c]);
        }
        return out;
    }

    private static List<Integer> boxed(int[] values) {
        List<Integer> out = new ArrayList<>();
        for (int v : values) {
            out.add(v);
        }
        return out;
    }

    private static Phase phaseOf(Inputs in, String suffix, Pairs pairs) {
        return new Phase(PHASE, TrainingSet.of(in.punished().name() + suffix, in.student(), pairs.texts(),
                pairs.labels()), Objectives.crossEntropy(), in.config().batchSize());
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PunishStrategy parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown punish strategy '" + s + "'; one of paper, bounded, relabel, "
                    + "balanced, neutral, invariant");
        }
    }

    /**
     * The label each flagged sample is moved to: the other class for C = 2, else the suspect model's most likely class
     * other than the flagged label.
     */
    static int[] nonTargetLabels(TextClassifier suspect, Dataset punished) {
        int classes = suspect.schema().size();
        int[] own = punished.labels();
        int[] out = new int[own.length];
        if (classes == 2) {
            for (int i = 0; i < own.length; i++) {
                out[i] = 1 - own[i];
            }
            return out;
        }
        float[][] p = suspect.probabilities(punished.texts(), TEACHER_BATCH);
        for (int i = 0; i < own.length; i++) {
            int bestClass = -1;
            for (int c = 0; c < classes; c++) {
                if (c != own[i] && (bestClass < 0 || p[i][c] > p[i][bestClass])) {
                    bestClass = c;
                }
            }
            out[i] = bestClass;
        }
        return out;
    }
}
