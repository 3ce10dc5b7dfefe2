package org.bedkd.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.util.Set;
import org.bedkd.model.DjlRuntime;
import org.bedkd.store.ArtifactStore;
import org.bedkd.store.FileArtifactStore;
import org.bedkd.store.s3.S3ArtifactStore;
import org.bedkd.store.s3.S3StoreSettings;

/**
 * CDI producer of the artifact store ({@link StoreConfig#type()}: filesystem or S3, the latter checked at start for
 * conditional writes); also applies the process-wide DJL settings once (the engine's threads: {@link EngineReadiness}).
 */
@ApplicationScoped
public class StoreProducer {

    @Produces
    @ApplicationScoped
    ArtifactStore store(StoreConfig config) {
        DjlRuntime.configure();
        return switch (config.type().strip().toLowerCase(java.util.Locale.ROOT)) {
            case "filesystem" -> new FileArtifactStore(Path.of(config.root()));
            case "s3" -> S3ArtifactStore.create(s3Settings(config.s3())).requireConditionalWrites();
            default -> throw new IllegalArgumentException("bedkd.store.type (BEDKD_STORE_TYPE) is '" + config.type()
                    + "'; one of filesystem, s3");
        };
    }

    static S3StoreSettings s3Settings(StoreConfig.S3 s3) {
        String bucket = s3.bucket().orElseThrow(() -> new IllegalArgumentException(
                "bedkd.store.s3.bucket (BEDKD_STORE_S3_BUCKET) is required with bedkd.store.type=s3"));
        return new S3StoreSettings(bucket, s3.prefix().orElse(""), s3.endpoint().orElse(null), s3.region(),
                s3.pathStyle(), Path.of(s3.cacheDir()), s3.partBytes(), s3.userBuckets().orElse(Set.of()),
                s3.cacheMaxBytes());
    }
}
