package org.bedkd.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.bedkd.model.Bf16LayerKernel;
import org.bedkd.model.DjlRuntime;
import org.bedkd.model.Precision;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Readiness of the model runtime: the PyTorch engine is loaded (on first start DJL extracts libtorch, which takes a
 * few seconds) before the instance is marked ready. Broker readiness: {@link KafkaReadiness}.
 */
@Readiness
@ApplicationScoped
public class EngineReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(EngineReadiness.class);

    private volatile String engine;
    private volatile String precision;
    private volatile int threads;
    private volatile String failure;

    void warmUp(@Observes StartupEvent ev, org.bedkd.store.ArtifactStore store, EngineConfig config,
            MeterRegistry registry) {
        try {
            // Before anything starts the engine: the store above is a lazy proxy, so its producer, which once set
            // the threads, ran only after the engine had started with one thread per core; two "single-threaded"
            // screening replicas then ran four busy threads on two cores.
            DjlRuntime.setThreads(config.threads(), 0);
            DjlRuntime.configure();
            DjlRuntime.setPrecision(config.precision());
            engine = DjlRuntime.engine().getEngineName() + " " + DjlRuntime.engine().getVersion();
            if (DjlRuntime.precision() == Precision.BF16) {
                Bf16LayerKernel.get(); // a kernel that cannot load fails readiness now, not the first job
            }
            precision = DjlRuntime.describePrecision();
            threads = DjlRuntime.threads();
            Gauge.builder("bedkd.engine.threads", this, r -> r.threads)
                    .description("PyTorch intra-op threads of this instance").register(registry);
            LOG.infof("model engine ready: %s, %d threads, %s (artifact store %s)", engine, threads, precision,
                    store.location());
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            failure = e.getMessage();
            LOG.errorf(e, "model engine failed to load");
        }
    }

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("model-engine");
        if (engine != null) {
            return b.up().withData("engine", engine).withData("precision", precision).withData("threads", threads)
                    .build();
        }
        return b.down().withData("reason", failure != null ? failure : "starting").build();
    }
}
