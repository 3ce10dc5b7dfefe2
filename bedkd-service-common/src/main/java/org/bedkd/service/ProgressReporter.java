package org.bedkd.service;

import io.smallrye.reactive.messaging.MutinyEmitter;
import java.util.Locale;
import org.bedkd.contracts.JobProgress;
import org.bedkd.pipeline.Progress;
import org.bedkd.train.TrainListener;
import org.jboss.logging.Logger;

/**
 * Turns the core's progress callbacks into {@link JobProgress} events (at most one step event every few seconds,
 * every epoch and stage message), updates the loss gauges, and stops a cancelled job (or one past its
 * wall-clock limit) at the next step.
 */
public final class ProgressReporter implements Progress {

    private static final Logger LOG = Logger.getLogger(ProgressReporter.class);
    private static final long STEP_EVENT_EVERY_NANOS = 3_000_000_000L;

    private final MutinyEmitter<byte[]> emitter;
    private final String source;
    private final String jobId;
    private final String stage;
    private final Cancellations cancellations;
    private final ServiceMetrics metrics;
    private long lastStepEvent;

    public ProgressReporter(MutinyEmitter<byte[]> emitter, String source, String jobId, String stage,
            Cancellations cancellations, ServiceMetrics metrics) {
        this.emitter = emitter;
        this.source = source;
        this.jobId = jobId;
        this.stage = stage;
        this.cancellations = cancellations;
        this.metrics = metrics;
    }

    @Override
    public void stage(String phase, String message) {
        cancellations.check(jobId);
        LOG.infof("job %s %s/%s: %s", jobId, stage, phase, message);
        emit(new JobProgress(jobId, stage, phase, 0, 0, -1, message));
    }

    @Override
    public void step(String phase, TrainListener.StepEvent s) {
        cancellations.check(jobId);
        metrics.loss(phase, s.loss());
        long now = System.nanoTime();
        if (now - lastStepEvent >= STEP_EVENT_EVERY_NANOS) {
            lastStepEvent = now;
            emit(new JobProgress(jobId, stage, phase, s.epoch(), 0, (double) s.step() / s.totalSteps(),
                    String.format(Locale.ROOT, "step %d/%d, loss %.4f, %.0f samples/s", s.step(), s.totalSteps(),
                            s.loss(), s.samplesPerSecond())));
        }
    }

    @Override
    public void epoch(String phase, TrainListener.EpochEvent e) {
        StringBuilder losses = new StringBuilder();
        e.phaseLoss().forEach((k, v) -> {
            losses.append(String.format(Locale.ROOT, " %s=%.4f", k, v));
            metrics.gauge("bedkd.akd.epoch.loss", "phase", k, "Mean loss of the last epoch").set(v);
        });
        emit(new JobProgress(jobId, stage, phase, e.epoch(), e.epochs(), (double) e.epoch() / e.epochs(),
                String.format(Locale.ROOT, "epoch %d/%d done in %.1fs, loss%s", e.epoch(), e.epochs(), e.seconds(),
                        losses)));
    }

    private void emit(JobProgress p) {
        try {
            EventIO.sendAndForget(emitter, source, jobId, p);
        } catch (RuntimeException e) {
            // Progress is best effort: a broker hiccup must not fail a training run.
            LOG.warnf("could not publish progress of job %s: %s", jobId, e.getMessage());
        }
    }
}
