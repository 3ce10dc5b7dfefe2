package org.bedkd.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bedkd.defense.mepd.MepdScorer;
import org.bedkd.model.DjlRuntime;
import org.bedkd.model.EncoderConfig;
import org.bedkd.model.TextClassifier;
import org.bedkd.train.Phase;
import org.bedkd.train.TrainListener;
import org.bedkd.train.TrainLoop;
import org.bedkd.train.TrainSettings;
import org.bedkd.train.TrainingSet;
import org.bedkd.train.loss.CrossEntropyLoss;

/** Measurements of our DJL code paths; each probe runs the production classes, not a re-implementation. */
final class DjlProbes {

    private DjlProbes() {
    }

    /** Median of a list of milliseconds. */
    static double median(List<Double> ms) {
        double[] v = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Achieved GFLOP/s of an m×k by k×n float32 matmul (the machine's practical peak for our shapes). */
    static double matmulGflops(int m, int k, int n, int repeats) {
        try (NDManager nd = DjlRuntime.engine().newBaseManager()) {
            NDArray a = nd.randomNormal(new Shape(m, k));
            NDArray b = nd.randomNormal(new Shape(k, n));
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < repeats + 3; i++) {
                try (NDManager step = nd.newSubManager()) {
                    long t0 = System.nanoTime();
                    NDArray c = a.matMul(b);
                    c.attach(step);
                    c.getFloat(0, 0); // forces the computation before the clock stops
                    if (i >= 3) {
                        ms.add((System.nanoTime() - t0) / 1e6);
                    }
                }
            }
            return 2.0 * m * k * n / (median(ms) / 1000) / 1e9;
        }
    }

    /**
     * Milliseconds of each training step (forward, cross-entropy, backward, clip, AdamW) on one fixed batch, through
     * {@link TrainLoop}: one epoch per step, so the epoch time is the step time.
     */
    static List<Double> trainSteps(TextClassifier model, List<String> texts, int[] labels, int steps,
            TrainSettings base) {
        TrainingSet set = TrainingSet.of("bench", model, texts, labels);
        List<Double> ms = new ArrayList<>();
        Phase phase = new Phase("bench", set, new CrossEntropyLoss(), texts.size());
        TrainLoop.fit(model, base.withEpochs(steps), List.of(phase),
                new TrainListener() {
                    @Override
                    public boolean onEpochEnd(EpochEvent epoch) {
                        ms.add(epoch.seconds() * 1000);
                        return true;
                    }
                });
        return ms;
    }

    /** Milliseconds of each batched inference of {@code tokens} (one batch), after two untimed ones. */
    static List<Double> inferBatches(TextClassifier model, long[][] tokens, int repeats) {
        return inferBatches(model, tokens, 2, repeats);
    }

    /** The same after {@code warmUps} untimed passes. */
    static List<Double> inferBatches(TextClassifier model, long[][] tokens, int warmUps, int repeats) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < warmUps + repeats; i++) {
            long t0 = System.nanoTime();
            model.probabilities(tokens, tokens.length);
            if (i >= warmUps) {
                ms.add((System.nanoTime() - t0) / 1e6);
            }
        }
        return ms;
    }

    /** Samples per second of one model's batched inference over real tokenised texts. */
    static double inferenceThroughput(TextClassifier model, long[][] tokens, int batch) {
        // As the reference's sentences run, all in one autocast region, whose cast cache keeps the bf16 weights.
        try (var frozen = model.frozenForInference()) {
            long t0 = System.nanoTime();
            model.probabilities(tokens, batch);
            return tokens.length / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** Samples per second of MEPD scoring (two models) over real tokenised texts. */
    static double mepdThroughput(TextClassifier suspect, TextClassifier dmm, long[][] tokens, int batch) {
        MepdScorer scorer = new MepdScorer(suspect, dmm, batch);
        long t0 = System.nanoTime();
        scorer.screen(tokens);
        return tokens.length / ((System.nanoTime() - t0) / 1e9);
    }

    /** One point of the memory curve. */
    record RssPoint(int step, double rssMb) {
    }

    /** Resident set size sampled every {@code every} steps while training for at least {@code steps} steps. */
    static List<RssPoint> rssCurve(TextClassifier model, List<String> texts, int[] labels, int batch, int steps,
            int every, TrainSettings base, ProgressLine progress) {
        TrainingSet set = TrainingSet.of("rss", model, texts, labels);
        int perEpoch = (texts.size() + batch - 1) / batch;
        int epochs = (steps + perEpoch - 1) / perEpoch;
        List<RssPoint> curve = new ArrayList<>();
        curve.add(new RssPoint(0, rssMb()));
        TrainLoop.fit(model, base.withEpochs(epochs), List.of(new Phase("rss", set, new CrossEntropyLoss(), batch)),
                new TrainListener() {
                    @Override
                    public void onStep(StepEvent s) {
                        if (s.step() % every == 0) {
                            curve.add(new RssPoint(s.step(), rssMb()));
                            progress.line(String.format(java.util.Locale.ROOT, "rss: step %d/%d, %.0f MB", s.step(),
                                    s.totalSteps(), curve.get(curve.size() - 1).rssMb()));
                        }
                    }
                });
        return curve;
    }

    /** This process's resident set size from /proc (Linux), in MB; NaN elsewhere. */
    static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /**
     * Floating-point operations of one training step of a BERT encoder on a B×S batch: forward
     * 2·B·S·L·(4H² + 2HI + 2SH) (projections, feed-forward, attention scores and mixing), backward twice that.
     * Embedding lookups, LayerNorm, softmax and the head are left out (well under 1 %).
     */
    static double trainStepFlops(EncoderConfig enc, int batch, int seq) {
        return 3 * forwardFlops(enc, batch, seq);
    }

    static double forwardFlops(EncoderConfig enc, int batch, int seq) {
        double h = enc.hiddenSize();
        double perToken = 4 * h * h + 2 * h * enc.intermediateSize() + 2.0 * seq * h;
        return 2.0 * batch * seq * enc.layers() * perToken;
    }

    /** Where a long probe reports. */
    interface ProgressLine {
        void line(String text);
    }

    static long[] flatten(long[][] rows) {
        return Arrays.stream(rows).flatMapToLong(Arrays::stream).toArray();
    }
}
