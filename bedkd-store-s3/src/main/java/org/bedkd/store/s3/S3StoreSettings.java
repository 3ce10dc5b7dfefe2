package org.bedkd.store.s3;

import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Where an S3 store lives and how to reach it.
 *
 * @param bucket the bucket
 * @param prefix key prefix of every artifact ("" or ending in {@code /})
 * @param endpoint endpoint override for S3-compatible servers (MinIO, Ceph, R2, GCS interop); {@code null}: AWS
 * @param region signing region ({@code us-east-1} for most S3-compatible servers)
 * @param pathStyle path-style addressing ({@code endpoint/bucket/key}), which most S3-compatible servers need
 * @param cacheDir local cache of downloaded artifacts, keyed by sha256 (an emptyDir in Kubernetes)
 * @param partBytes files larger than this go up in parts of this size (S3's minimum part is 5 MiB)
 * @param userBuckets the buckets a job's {@code s3://} references may read (a user's own models and data); empty: none,
 *     so a job cannot make the services read whatever their role can; {@code *}: any bucket the role can read
 * @param cacheMaxBytes what the local cache may hold before the least recently used entries go (keep it under the
 *     cache volume's size limit: the kubelet evicts a pod whose emptyDir outgrows it)
 */
public record S3StoreSettings(String bucket, String prefix, URI endpoint, String region, boolean pathStyle,
        Path cacheDir, long partBytes, Set<String> userBuckets, long cacheMaxBytes) {

    public static final long DEFAULT_PART_BYTES = 64L << 20;
    /** 8 GiB: under the 10Gi emptyDir of deploy/components/s3-store. */
    public static final long DEFAULT_CACHE_MAX_BYTES = 8L << 30;
    /** In {@link #userBuckets()}: any bucket. */
    public static final String ANY_BUCKET = "*";

    /** Settings that read no user's bucket, with the default cache budget. */
    public S3StoreSettings(String bucket, String prefix, URI endpoint, String region, boolean pathStyle, Path cacheDir,
            long partBytes) {
        this(bucket, prefix, endpoint, region, pathStyle, cacheDir, partBytes, Set.of(), DEFAULT_CACHE_MAX_BYTES);
    }

    public S3StoreSettings {
        userBuckets = userBuckets == null ? Set.of() : Set.copyOf(userBuckets);
        for (String b : userBuckets) {
            if (!b.equals(ANY_BUCKET) && !validBucket(b)) {
                throw new IllegalArgumentException("user bucket name '" + b + "' is not valid");
            }
        }
        if (cacheMaxBytes <= 0) {
            throw new IllegalArgumentException("the S3 cache budget must be positive, was " + cacheMaxBytes);
        }
        if (!validBucket(bucket)) {
            throw new IllegalArgumentException("S3 bucket name '" + bucket + "' is not valid");
        }
        prefix = prefix == null || prefix.isBlank() ? "" : prefix.replaceAll("^/+|/+$", "") + "/";
        if (prefix.contains("..") || prefix.contains("//")) {
            throw new IllegalArgumentException("S3 prefix '" + prefix + "' may not contain '..' or empty segments");
        }
        if (partBytes < 5L << 20) {
            throw new IllegalArgumentException("S3 part size must be at least 5 MiB, was " + partBytes);
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("S3 region is required (us-east-1 for most S3-compatible servers)");
        }
    }

    /** These settings, reading a job's {@code s3://} references from these buckets only. */
    public S3StoreSettings withUserBuckets(Set<String> buckets) {
        return new S3StoreSettings(bucket, prefix, endpoint, region, pathStyle, cacheDir, partBytes, buckets,
                cacheMaxBytes);
    }

    /** These settings with another cache budget. */
    public S3StoreSettings withCacheMaxBytes(long bytes) {
        return new S3StoreSettings(bucket, prefix, endpoint, region, pathStyle, cacheDir, partBytes, userBuckets, bytes);
    }

    /** Whether a job's {@code s3://} reference may read this bucket. */
    public boolean readsUserBucket(String name) {
        return userBuckets.contains(ANY_BUCKET) || userBuckets.contains(name);
    }

    private static boolean validBucket(String name) {
        return name != null && name.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    }

    /**
     * A client for these settings: credentials from the SDK's default chain (environment, IRSA / EKS Pod Identity web
     * identity, profile, instance role), the blocking URL-connection HTTP client, checksums only where S3 requires
     * them (servers other than AWS reject the newer default checksum headers).
     */
    public S3Client client() {
        return client(DefaultCredentialsProvider.builder().build());
    }

    /** A client for these settings with the given credentials. */
    public S3Client client(AwsCredentialsProvider credentials) {
        return builder(credentials).build();
    }

    /** What {@link #client(AwsCredentialsProvider)} builds, for a caller that adds to it (tests inject faults). */
    S3ClientBuilder builder(AwsCredentialsProvider credentials) {
        var b = S3Client.builder().region(Region.of(region)).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).forcePathStyle(pathStyle)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        return b;
    }
}
