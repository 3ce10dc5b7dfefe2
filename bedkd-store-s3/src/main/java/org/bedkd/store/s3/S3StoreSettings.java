package org.bedkd.store.s3;

import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

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
 */
public record S3StoreSettings(String bucket, String prefix, URI endpoint, String region, boolean pathStyle,
        Path cacheDir, long partBytes) {

    public static final long DEFAULT_PART_BYTES = 64L << 20;

    public S3StoreSettings {
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
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
        var b = S3Client.builder().region(Region.of(region)).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).forcePathStyle(pathStyle)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        return b.build();
    }
}
