package org.bedkd.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bedkd.model.BatchEncoder;
import org.bedkd.model.DjlRuntime;
import org.bedkd.model.LogitShift;
import org.bedkd.model.TextClassifier;
import org.bedkd.train.loss.BatchTargets;

/**
 * The one training loop. Each epoch runs the given phases (sequentially or interleaved); each step opens a
 * {@link GradientCollector}, runs the student, evaluates the phase's loss, back-propagates, clips the global gradient
 * norm and applies AdamW. It knows nothing about which method it serves: victim training, FT, KD, the DMM and AKD
 * differ only in their phases and losses.
 *
 * <p>Every per-step array lives in a sub-manager closed at the end of the step, so native memory stays flat.
 */
public final class TrainLoop {

    private TrainLoop() {
    }

    /** A planned step: which phase and which rows of its training set. */
    private record PlannedBatch(Phase phase, int[] rows) {
    }

    public static TrainResult fit(TextClassifier student, TrainSettings settings, List<Phase> phases,
            TrainListener listener) {
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("nothing to train: no phases");
        }
        student.requireUnfrozen();
        DjlRuntime.seed(settings.seed());
        student.freezeWordEmbeddings(settings.freezeWordEmbeddings());
        return new Run(student, settings, phases, listener).execute();
    }

    /** The state of one {@link #fit} call. */
    private static final class Run {
        private final TextClassifier student;
        private final TrainSettings settings;
        private final List<Phase> phases;
        private final TrainListener listener;
        private final List<Parameter> trainable;
        private final ParameterStore store;
        private final Random rng;
        private final int totalSteps;
        private int step;
        private long samples;

        Run(TextClassifier student, TrainSettings settings, List<Phase> phases, TrainListener listener) {
            this.student = student;
            this.settings = settings;
            this.phases = phases;
            this.listener = listener;
            this.trainable = student.block().getParameters().values().stream().filter(Parameter::requiresGradient)
                    .toList();
            this.store = new ParameterStore(student.model().getNDManager(), false);
            this.rng = new Random(settings.seed());
            int stepsPerEpoch = phases.stream().mapToInt(p -> (p.epochSize() + p.batchSize() - 1) / p.batchSize())
                    .sum();
            this.totalSteps = stepsPerEpoch * settings.epochs();
        }

        TrainResult execute() {
            long start = System.nanoTime();
            List<TrainListener.EpochEvent> epochs = new ArrayList<>();
            boolean stopped = false;
            try (AdamWUpdater adamW = new AdamWUpdater(student.model().getNDManager(), trainable,
                    settings.learningRate(), settings.weightDecay())) {
                for (int epoch = 1; epoch <= settings.epochs() && !stopped; epoch++) {
                    TrainListener.EpochEvent event = epoch(epoch, adamW);
                    epochs.add(event);
                    stopped = !listener.onEpochEnd(event) && epoch < settings.epochs();
                }
            }
            return new TrainResult(epochs, step, samples, (System.nanoTime() - start) / 1e9, stopped);
        }

        private TrainListener.EpochEvent epoch(int epoch, AdamWUpdater adamW) {
            long epochStart = System.nanoTime();
            Map<String, double[]> lossSums = new LinkedHashMap<>();
            float maxNorm = 0;
            for (PlannedBatch b : plan(scheduled(epoch), settings, rng)) {
                long t0 = System.nanoTime();
                float[] lossAndNorm = step(b, epoch, adamW);
                maxNorm = Math.max(maxNorm, lossAndNorm[1]);
                step++;
                samples += b.rows.length;
                double sps = b.rows.length / ((System.nanoTime() - t0) / 1e9);
                listener.onStep(new TrainListener.StepEvent(b.phase.name(), epoch, step, totalSteps, lossAndNorm[0],
                        lossAndNorm[1], sps));
                double[] acc = lossSums.computeIfAbsent(b.phase.name(), k -> new double[2]);
                acc[0] += lossAndNorm[0] * b.rows.length;
                acc[1] += b.rows.length;
            }
            Map<String, Double> means = new LinkedHashMap<>();
            lossSums.forEach((k, v) -> means.put(k, v[0] / v[1]));
            return new TrainListener.EpochEvent(epoch, settings.epochs(), means, maxNorm,
                    (System.nanoTime() - epochStart) / 1e9, student, LogitShift.NONE);
        }

        /** The phases of this epoch, each cut to the share the listener asks for. */
        private List<Phase> scheduled(int epoch) {
            List<Phase> out = new ArrayList<>();
            for (Phase p : phases) {
                double share = listener.phaseShare(p.name(), epoch);
                if (share >= 1) {
                    out.add(p);
                } else if (share > 0) {
                    out.add(p.withEpochSize((int) Math.round(share * p.epochSize())));
                }
            }
            return out;
        }

        /** Forward, loss, backward, clip, update; every array of the step dies with its manager. */
        private float[] step(PlannedBatch b, int epoch, AdamWUpdater adamW) {
            try (NDManager m = student.model().getNDManager().newSubManager()) {
                float loss;
                try (GradientCollector collector = m.getEngine().newGradientCollector()) {
                    NDList inputs = b.phase.data().inputs(m, b.rows, student);
                    NDList out = student.forward(store, inputs, true);
                    BatchTargets targets = b.phase.data().targets(m, b.rows, inputs, b.phase.loss().needsTeacherLogits(),
                            b.phase.loss().needsTeacherHidden());
                    NDArray value = b.phase.loss().perSample(targets, out.get(0), out.get(1)).mean();
                    loss = value.getFloat();
                    if (!Float.isFinite(loss)) {
                        throw new DivergenceException("loss of phase '" + b.phase.name() + "' became " + loss
                                + " at epoch " + epoch + ", step " + (step + 1));
                    }
                    collector.backward(value);
                }
                float norm = adamW.clipAndStep(m, settings.maxGradNorm());
                if (!Float.isFinite(norm)) {
                    throw new DivergenceException("gradient norm became " + norm);
                }
                return new float[] {loss, norm};
            }
        }
    }

    private static List<PlannedBatch> plan(List<Phase> phases, TrainSettings settings, Random rng) {
        List<List<PlannedBatch>> perPhase = new ArrayList<>();
        for (Phase p : phases) {
            int[] subset = epochSubset(p, rng);
            int[] lengths = new int[subset.length];
            for (int i = 0; i < subset.length; i++) {
                lengths[i] = p.data().tokens()[subset[i]].length;
            }
            List<PlannedBatch> batches = new ArrayList<>();
            for (int[] local : BatchEncoder.trainingBatches(lengths, p.batchSize(), settings.lengthBucketing(), rng)) {
                int[] rows = new int[local.length];
                for (int i = 0; i < local.length; i++) {
                    rows[i] = subset[local[i]];
                }
                batches.add(new PlannedBatch(p, rows));
            }
            perPhase.add(batches);
        }
        if (settings.order() == TrainSettings.PhaseOrder.SEQUENTIAL || phases.size() == 1) {
            return perPhase.stream().flatMap(List::stream).toList();
        }
        return interleave(perPhase);
    }

    /** The rows a phase trains on this epoch: all of them, or a fresh random subset. */
    private static int[] epochSubset(Phase p, Random rng) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < p.data().size(); i++) {
            all.add(i);
        }
        if (p.epochSize() < all.size()) {
            java.util.Collections.shuffle(all, rng);
        }
        return all.subList(0, p.epochSize()).stream().mapToInt(Integer::intValue).toArray();
    }

    /** Merges batch lists so each phase's batches are spread evenly over the epoch. */
    static List<PlannedBatch> interleave(List<List<PlannedBatch>> lists) {
        record Slot(double position, PlannedBatch batch) {
        }
        List<Slot> slots = new ArrayList<>();
        for (List<PlannedBatch> list : lists) {
            for (int i = 0; i < list.size(); i++) {
                slots.add(new Slot((i + 0.5) / list.size(), list.get(i)));
            }
        }
        slots.sort(java.util.Comparator.comparingDouble(Slot::position));
        return slots.stream().map(Slot::batch).toList();
    }
}
