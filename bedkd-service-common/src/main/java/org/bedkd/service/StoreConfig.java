package org.bedkd.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/** Where the shared artifact store lives: a shared filesystem (the default) or an S3-compatible bucket. */
@ConfigMapping(prefix = "bedkd.store")
public interface StoreConfig {

    /** {@code filesystem} (a ReadWriteMany volume at {@link #root()}) or {@code s3}. Env: BEDKD_STORE_TYPE. */
    @WithDefault("filesystem")
    String type();

    /** Root directory of the filesystem store. Env: BEDKD_STORE_ROOT. */
    @WithDefault("target/artifacts")
    String root();

    /** The S3 store (env BEDKD_STORE_S3_*); credentials from the AWS SDK's default chain (env, IRSA, profile). */
    S3 s3();

    /** S3 store settings. */
    interface S3 {

        /** Bucket (required with type s3). */
        Optional<String> bucket();

        /** Key prefix of every artifact (none by default). */
        Optional<String> prefix();

        /** Endpoint of an S3-compatible server (MinIO, Ceph, R2, GCS interop); unset for AWS. */
        Optional<URI> endpoint();

        /** Signing region. */
        @WithDefault("us-east-1")
        String region();

        /** Path-style addressing, which most S3-compatible servers need. */
        @WithDefault("false")
        boolean pathStyle();

        /** Local cache of downloaded artifacts, keyed by sha256 (an emptyDir in Kubernetes). */
        @WithDefault("${java.io.tmpdir}/bedkd-artifact-cache")
        String cacheDir();

        /** What the local cache may hold before the least recently used entries go; under the cache volume's limit. */
        @WithDefault("8589934592")
        long cacheMaxBytes();

        /** Files over this size go up in parts of this size (at least 5 MiB). */
        @WithDefault("67108864")
        long partBytes();

        /**
         * The buckets a job's {@code s3://} references may read (a user's own models and data), comma-separated; none
         * by default, so a job cannot make the services read whatever their role can. {@code *}: any bucket the role
         * can read.
         */
        Optional<Set<String>> userBuckets();
    }
}
