package org.bedkd.service;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.bedkd.model.DjlRuntime;
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
    private volatile String failure;

    void warmUp(@Observes StartupEvent ev, org.bedkd.store.ArtifactStore store) {
        try {
            DjlRuntime.configure();
            engine = DjlRuntime.engine().getEngineName() + " " + DjlRuntime.engine().getVersion();
            LOG.infof("model engine ready: %s (artifact store %s)", engine, store.root());
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            failure = e.getMessage();
            LOG.errorf(e, "model engine failed to load");
        }
    }

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("model-engine");
        if (engine != null) {
            return b.up().withData("engine", engine).build();
        }
        return b.down().withData("reason", failure != null ? failure : "starting").build();
    }
}
