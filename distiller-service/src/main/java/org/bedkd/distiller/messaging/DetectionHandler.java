package org.bedkd.distiller.messaging;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bedkd.contracts.DetectionCompleted;
import org.bedkd.contracts.EventCodec;
import org.bedkd.distiller.config.DistillerConfig;
import org.bedkd.distiller.service.DistillationService;
import org.bedkd.model.DjlRuntime;
import org.bedkd.service.Cancellations;
import org.bedkd.service.EventIO;
import org.bedkd.service.JobIds;
import org.bedkd.service.ProgressReporter;
import org.bedkd.service.ServiceMetrics;
import org.bedkd.service.StageRunner;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code bedkd.detections} ({@code detections-in}) → AKD → {@code bedkd.purified} ({@code purified-out}), progress on
 * {@code bedkd.progress}, failures on {@code bedkd.errors}; unusable records to {@code bedkd.detections.dlq}.
 */
@ApplicationScoped
public class DetectionHandler {

    private final DistillationService distillation;
    private final StageRunner runner;
    private final Cancellations cancellations;
    private final ServiceMetrics metrics;
    private final DistillerConfig config;
    private final MutinyEmitter<byte[]> purified;
    private final MutinyEmitter<byte[]> progress;
    private final MutinyEmitter<byte[]> errors;

    public DetectionHandler(DistillationService distillation, StageRunner runner, Cancellations cancellations,
            ServiceMetrics metrics, DistillerConfig config, @Channel("purified-out") MutinyEmitter<byte[]> purified,
            @Channel("progress-out") MutinyEmitter<byte[]> progress, @Channel("errors-out") MutinyEmitter<byte[]> errors) {
        this.distillation = distillation;
        this.runner = runner;
        this.cancellations = cancellations;
        this.metrics = metrics;
        this.config = config;
        this.purified = purified;
        this.progress = progress;
        this.errors = errors;
    }

    void start(@Observes StartupEvent ev) {
        DjlRuntime.setDevice(config.device());
        metrics.declareStage(DistillationService.STAGE.id());
    }

    @Incoming("detections-in")
    @Blocking("bedkd-distill")
    public void onDetection(ConsumerRecord<String, byte[]> record) {
        DetectionCompleted d = EventCodec.payload(EventIO.decode(record), DetectionCompleted.class);
        if (!JobIds.isValid(d.jobId()) || d.spec() == null || d.scores() == null) {
            throw new EventCodec.InvalidEventException("detection event lacks a valid job id, spec or scores");
        }
        String source = EventIO.source(metrics.service());
        ProgressReporter reporter = new ProgressReporter(progress, source, d.jobId(), DistillationService.STAGE.id(),
                cancellations, metrics);
        runner.run(DistillationService.STAGE, d.jobId(), purified, errors,
                outputs -> distillation.distill(d, outputs, reporter, source));
    }
}
