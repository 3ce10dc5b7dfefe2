package org.bedkd.service;

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
    private volatile String failure;

    void warmUp(@Observes StartupEvent ev, org.bedkd.store.ArtifactStore store, EngineConfig config) {
        try {
            DjlRuntime.configure();
            DjlRuntime.setPrecision(config.precision());
            engine = DjlRuntime.engine().getEngineName() + " " + DjlRuntime.engine().getVersion();
            if (DjlRuntime.precision() == Precision.BF16) {
                Bf16LayerKernel.get(); // a kernel that cannot load fails readiness now, not the first job
            }
            precision = DjlRuntime.describePrecision();
            LOG.infof("model engine ready: %s, %s (artifact store %s)", engine, precision, store.location());
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            failure = e.getMessage();
            LOG.errorf(e, "model engine failed to load");
        }
    }

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("model-engine");
        if (engine != null) {
            return b.up().withData("engine", engine).withData("precision", precision).build();
        }
        return b.down().withData("reason", failure != null ? failure : "starting").build();
    }
}
