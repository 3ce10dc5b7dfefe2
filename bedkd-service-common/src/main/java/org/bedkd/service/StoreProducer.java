package org.bedkd.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import org.bedkd.model.DjlRuntime;
import org.bedkd.store.ArtifactStore;

/** CDI producer of the artifact store; also applies the process-wide DJL settings once. */
@ApplicationScoped
public class StoreProducer {

    @Produces
    @ApplicationScoped
    ArtifactStore store(StoreConfig config) {
        String threads = System.getenv("BEDKD_THREADS");
        if (threads != null && !threads.isBlank()) {
            DjlRuntime.setThreads(Integer.parseInt(threads.strip()), 0);
        }
        DjlRuntime.configure();
        return new ArtifactStore(Path.of(config.root()));
    }
}
