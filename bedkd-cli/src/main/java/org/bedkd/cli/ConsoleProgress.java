package org.bedkd.cli;

import java.io.PrintStream;
import org.bedkd.pipeline.Progress;
import org.bedkd.train.TrainListener;

/** Human-readable progress on stderr: stage lines, and at most one step line every few seconds with an ETA. */
final class ConsoleProgress implements Progress {

    private static final long STEP_LINE_EVERY_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final long start = System.nanoTime();
    private long lastStepLine;
    private long stageStart = System.nanoTime();
    private String stage = "";

    ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void stage(String name, String message) {
        if (!name.equals(stage)) {
            stage = name;
            stageStart = System.nanoTime();
        }
        out.printf("[%s] %-8s %s%n", clock(System.nanoTime() - start), name, message);
    }

    @Override
    public void step(String name, TrainListener.StepEvent s) {
        long now = System.nanoTime();
        if (now - lastStepLine < STEP_LINE_EVERY_NANOS && s.step() != s.totalSteps()) {
            return;
        }
        lastStepLine = now;
        if (!name.equals(stage)) {
            stage = name;
            stageStart = now;
        }
        double elapsed = (now - stageStart) / 1e9;
        double eta = s.step() > 0 ? elapsed / s.step() * (s.totalSteps() - s.step()) : 0;
        out.printf("[%s] %-8s epoch %d  step %d/%d  loss %.4f  %.0f samples/s  ETA %s%n", clock(now - start), name,
                s.epoch(), s.step(), s.totalSteps(), s.loss(), s.samplesPerSecond(), clock((long) (eta * 1e9)));
    }

    @Override
    public void epoch(String name, TrainListener.EpochEvent e) {
        StringBuilder losses = new StringBuilder();
        e.phaseLoss().forEach((k, v) -> losses.append(String.format(" %s=%.4f", k, v)));
        out.printf("[%s] %-8s epoch %d/%d done in %.1fs, loss%s%n", clock(System.nanoTime() - start), name, e.epoch(),
                e.epochs(), e.seconds(), losses);
    }

    private static String clock(long nanos) {
        long s = nanos / 1_000_000_000L;
        return String.format("%02d:%02d", s / 60, s % 60);
    }
}
