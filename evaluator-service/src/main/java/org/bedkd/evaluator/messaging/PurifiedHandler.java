package org.bedkd.evaluator.messaging;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.ModelPurified;
import org.bedkd.evaluator.service.EvaluationService;
import org.bedkd.service.Cancellations;
import org.bedkd.service.EventIO;
import org.bedkd.service.JobIds;
import org.bedkd.service.ProgressReporter;
import org.bedkd.service.ServiceMetrics;
import org.bedkd.service.StageRunner;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code bedkd.purified} ({@code purified-in}) → before/after evaluation → {@code bedkd.evaluations}
 * ({@code evaluations-out}); unusable records to {@code bedkd.purified.dlq}.
 */
@ApplicationScoped
public class PurifiedHandler {

    private final EvaluationService evaluation;
    private final StageRunner runner;
    private final Cancellations cancellations;
    private final ServiceMetrics metrics;
    private final MutinyEmitter<byte[]> evaluations;
    private final MutinyEmitter<byte[]> progress;
    private final MutinyEmitter<byte[]> errors;

    public PurifiedHandler(EvaluationService evaluation, StageRunner runner, Cancellations cancellations,
            ServiceMetrics metrics, @Channel("evaluations-out") MutinyEmitter<byte[]> evaluations,
            @Channel("progress-out") MutinyEmitter<byte[]> progress, @Channel("errors-out") MutinyEmitter<byte[]> errors) {
        this.evaluation = evaluation;
        this.runner = runner;
        this.cancellations = cancellations;
        this.metrics = metrics;
        this.evaluations = evaluations;
        this.progress = progress;
        this.errors = errors;
    }

    void declareMetrics(@Observes StartupEvent ev) {
        metrics.declareStage(EvaluationService.STAGE.id());
    }

    @Incoming("purified-in")
    @Blocking("bedkd-evaluate")
    public void onPurified(ConsumerRecord<String, byte[]> record) {
        ModelPurified m = EventCodec.payload(EventIO.decode(record), ModelPurified.class);
        if (!JobIds.isValid(m.jobId()) || m.spec() == null || m.model() == null || m.modelCard() == null) {
            throw new EventCodec.InvalidEventException("purified event lacks a valid job id, spec, model or card");
        }
        String source = EventIO.source(metrics.service());
        ProgressReporter reporter = new ProgressReporter(progress, source, m.jobId(), EvaluationService.STAGE.id(),
                cancellations, metrics);
        runner.run(EvaluationService.STAGE, m.jobId(), evaluations, errors,
                outputs -> evaluation.evaluate(m, outputs, reporter, source));
    }
}
