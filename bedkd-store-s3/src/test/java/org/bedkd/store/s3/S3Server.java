package org.bedkd.store.s3;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;

/** A real S3 server for tests: S3Proxy over its filesystem backend, signed requests, on a free loopback port. */
final class S3Server implements AutoCloseable {

    static final String ACCESS_KEY = "bedkd-test";
    static final String SECRET_KEY = "bedkd-test-secret-key";

    private final S3Proxy proxy;
    private final BlobStoreContext context;

    S3Server(Path dir) throws Exception {
        Properties p = new Properties();
        Files.createDirectories(dir);
        p.setProperty("jclouds.filesystem.basedir", dir.toString());
        context = ContextBuilder.newBuilder("filesystem").overrides(p).build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        for (int i = 0; i < 200 && !proxy.getState().equals("STARTED"); i++) {
            Thread.sleep(25);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    S3StoreSettings settings(String bucket, Path cache, long partBytes) {
        // Two buckets play users' own; any other s3:// reference is refused (ArtifactStoreContractTest).
        return new S3StoreSettings(bucket, "artifacts/", endpoint(), "us-east-1", true, cache, partBytes)
                .withUserBuckets(java.util.Set.of("users-bucket", "big-bucket"));
    }

    S3Client client(S3StoreSettings s) {
        return s.client(credentials());
    }

    /** A client like {@link #client} whose requests also pass through {@code interceptor}. */
    S3Client client(S3StoreSettings s, ExecutionInterceptor interceptor) {
        return s.builder(credentials()).overrideConfiguration(o -> o.addExecutionInterceptor(interceptor)).build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
