package org.bedkd.store.s3;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * A user's {@code s3://bucket/key} (a file, or a folder such as a {@code save_pretrained} model) as a local path, for the
 * command line: downloaded into a cache keyed by sha256 (once), with the endpoint, region and path style from the
 * environment as the services read them, or the AWS SDK's own variables.
 */
public final class S3Inputs {

    private S3Inputs() {
    }

    /** {@link #local(String, Map, AwsCredentialsProvider)} with the SDK's default credential chain. */
    public static Path local(String uri, Map<String, String> env) {
        return local(uri, env, DefaultCredentialsProvider.builder().build());
    }

    /**
     * @param env {@code BEDKD_STORE_S3_ENDPOINT} (else {@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL}),
     *     {@code BEDKD_STORE_S3_REGION} (else {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, {@code us-east-1}),
     *     {@code BEDKD_STORE_S3_PATH_STYLE}, {@code BEDKD_STORE_S3_CACHE_DIR} (else {@code ~/.cache/bedkd/s3})
     */
    public static Path local(String uri, Map<String, String> env, AwsCredentialsProvider credentials) {
        if (uri == null || !uri.startsWith("s3://") || uri.indexOf('/', 5) < 0) {
            throw new IllegalArgumentException("not an s3://bucket/key reference: " + uri);
        }
        String bucket = uri.substring(5, uri.indexOf('/', 5));
        String endpoint = first(env, "BEDKD_STORE_S3_ENDPOINT", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");
        String region = first(env, "BEDKD_STORE_S3_REGION", "AWS_REGION", "AWS_DEFAULT_REGION");
        String cache = first(env, "BEDKD_STORE_S3_CACHE_DIR");
        S3StoreSettings settings = new S3StoreSettings(bucket, "", endpoint == null ? null : java.net.URI.create(endpoint),
                region == null ? "us-east-1" : region, Boolean.parseBoolean(env.get("BEDKD_STORE_S3_PATH_STYLE")),
                cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "bedkd", "s3"),
                S3StoreSettings.DEFAULT_PART_BYTES).withUserBuckets(Set.of(bucket)); // the user's own tool and bucket
        try (var client = settings.client(credentials)) {
            return new S3ArtifactStore(client, settings).local(uri);
        }
    }

    private static String first(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }
}
