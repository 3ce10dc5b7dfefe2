package org.bedkd.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code bedkd_*} Prometheus series. Tags are low-cardinality only (service, stage, outcome, phase, verdict,
 * model), never a job id.
 */
@ApplicationScoped
public class ServiceMetrics {

    private final MeterRegistry registry;
    private final String service;
    private final Map<String, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

    public ServiceMetrics(MeterRegistry registry, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.registry = registry;
        this.service = service;
    }

    /** One finished stage: {@code bedkd_jobs_total} and {@code bedkd_job_duration_seconds}. */
    public void stage(String stage, String outcome, Duration took) {
        Counter.builder("bedkd.jobs").description("Job stages by outcome").tag("service", service).tag("stage", stage)
                .tag("outcome", outcome).register(registry).increment();
        Timer.builder("bedkd.job.duration").description("Wall time of job stages").tag("service", service)
                .tag("stage", stage).tag("outcome", outcome).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofHours(6)).register(registry)
                .record(took);
    }

    /** Registers a stage's series at zero so dashboards and alerts see them before the first job. */
    public void declareStage(String stage) {
        for (String outcome : new String[] {"success", "failed", "cancelled", "duplicate"}) {
            Counter.builder("bedkd.jobs").description("Job stages by outcome").tag("service", service).tag("stage", stage)
                    .tag("outcome", outcome).register(registry);
        }
    }

    /** Latest training loss of a phase ({@code bedkd_train_loss{phase}}). */
    public void loss(String phase, double value) {
        gauge("bedkd.train.loss", "phase", phase, "Latest training loss").set(value);
    }

    /** A latest-value gauge with one tag. */
    public AtomicReference<Double> gauge(String name, String tag, String value, String description) {
        return gauges.computeIfAbsent(name + "|" + tag + "=" + value, k -> {
            AtomicReference<Double> ref = new AtomicReference<>(Double.NaN);
            Gauge.builder(name, ref, r -> r.get()).description(description).tag("service", service).tag(tag, value)
                    .register(registry);
            return ref;
        });
    }

    /** Counts samples scored ({@code bedkd_scored_samples_total}); its rate is samples/s. */
    public void scored(int samples) {
        Counter.builder("bedkd.scored.samples").description("Samples scored by MEPD").tag("service", service)
                .register(registry).increment(samples);
    }

    /** MEPD distribution ({@code bedkd_mepd_bucket}). */
    public DistributionSummary mepd() {
        return DistributionSummary.builder("bedkd.mepd").description("MEPD of scored samples").tag("service", service)
                .serviceLevelObjectives(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5).register(registry);
    }

    /** Flagged samples per detection ({@code bedkd_mepd_flagged}). */
    public DistributionSummary flagged() {
        return DistributionSummary.builder("bedkd.mepd.flagged").description("Samples flagged per detection")
                .tag("service", service).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public String service() {
        return service;
    }
}
