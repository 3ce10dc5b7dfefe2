package org.bedkd.detector.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.JobSubmitted;
import org.bedkd.detector.service.DetectionService;
import org.bedkd.service.Cancellations;
import org.bedkd.service.EventIO;
import org.bedkd.service.JobIds;
import org.bedkd.service.ProgressReporter;
import org.bedkd.service.ServiceMetrics;
import org.bedkd.service.StageRunner;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code bedkd.jobs} (channel {@code jobs-in}) → detection → {@code bedkd.detections} ({@code detections-out}), with
 * progress on {@code bedkd.progress} and failures on {@code bedkd.errors}. A record that is not a usable
 * {@code JobSubmitted} event is rejected to {@code bedkd.jobs.dlq} with the reason.
 */
@ApplicationScoped
public class JobHandler {

    static final String JOBS_IN = "jobs-in";

    private final DetectionService detection;
    private final StageRunner runner;
    private final Cancellations cancellations;
    private final ServiceMetrics metrics;
    private final MutinyEmitter<byte[]> detections;
    private final MutinyEmitter<byte[]> progress;
    private final MutinyEmitter<byte[]> errors;

    public JobHandler(DetectionService detection, StageRunner runner, Cancellations cancellations,
            ServiceMetrics metrics, @Channel("detections-out") MutinyEmitter<byte[]> detections,
            @Channel("progress-out") MutinyEmitter<byte[]> progress, @Channel("errors-out") MutinyEmitter<byte[]> errors) {
        this.detection = detection;
        this.runner = runner;
        this.cancellations = cancellations;
        this.metrics = metrics;
        this.detections = detections;
        this.progress = progress;
        this.errors = errors;
    }

    void declareMetrics(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent ev) {
        metrics.declareStage(DetectionService.STAGE.id());
    }

    @Incoming(JOBS_IN)
    @Blocking("bedkd-jobs")
    public void onJob(ConsumerRecord<String, byte[]> record) {
        Envelope envelope = EventIO.decode(record);
        JobSubmitted job = EventCodec.payload(envelope, JobSubmitted.class);
        if (!JobIds.isValid(job.jobId())) {
            throw new EventCodec.InvalidEventException("invalid job id '" + job.jobId() + "'");
        }
        String source = EventIO.source(metrics.service());
        ProgressReporter reporter = new ProgressReporter(progress, source, job.jobId(), DetectionService.STAGE.id(),
                cancellations, metrics);
        runner.run(DetectionService.STAGE, job.jobId(), detections, errors,
                outputs -> detection.detect(job, outputs, reporter, source));
    }
}
