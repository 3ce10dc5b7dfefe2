package org.bedkd.s3server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Starts a real S3-compatible server (S3Proxy, filesystem backend, signed requests) on a free loopback port, as a
 * separate JVM whose classpath is the jars this module copies. Used by the full-flow test and the demo's S3 mode.
 * Uses nothing but the JDK.
 *
 * <pre>{@code
 * try (LocalS3 s3 = LocalS3.start(Path.of("s3-server/target/s3-libs"), dir, "bedkd")) {
 *     URI endpoint = s3.endpoint();
 * }
 * }</pre>
 */
public final class LocalS3 implements AutoCloseable {

    private final Process process;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private final String bucket;

    private LocalS3(Process process, int port, String accessKey, String secretKey, String bucket) {
        this.process = process;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.bucket = bucket;
    }

    /**
     * Starts a server keeping its objects under {@code dir}, with one bucket, and random credentials.
     *
     * @throws IllegalStateException when the jars are missing or it does not come up within a minute
     */
    public static LocalS3 start(Path libs, Path dir, String bucket) {
        if (!Files.isDirectory(libs)) {
            throw new IllegalStateException("S3 server jars not found at " + libs
                    + "; build the s3-server module first (./mvnw -pl s3-server package)");
        }
        try {
            Path data = Files.createDirectories(dir.resolve("objects"));
            // The filesystem backend keeps a bucket as a directory: creating it is creating the bucket.
            Files.createDirectories(data.resolve(bucket));
            int port = freePort();
            String access = "local-" + UUID.randomUUID().toString().substring(0, 8);
            String secret = UUID.randomUUID().toString().replace("-", "");
            Path config = dir.resolve("s3proxy.properties");
            Files.writeString(config, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + access,
                    "s3proxy.credential=" + secret,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data.toAbsolutePath(),
                    ""));
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-Dlogback.configurationFile=" + logback(dir), "-cp",
                    libs.toAbsolutePath() + "/*", "org.gaul.s3proxy.Main", "--properties", config.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("s3proxy.log").toFile())).start();
            LocalS3 s3 = new LocalS3(p, port, access, secret, bucket);
            s3.awaitPort(Duration.ofSeconds(60));
            return s3;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a local S3 server", e);
        }
    }

    /** S3Proxy logs every request at DEBUG; keep its log to warnings. */
    private static Path logback(Path dir) throws IOException {
        return Files.writeString(dir.resolve("logback.xml"), "<configuration><appender name=\"F\" class=\""
                + "ch.qos.logback.core.ConsoleAppender\"><encoder><pattern>%d %-5level %logger - %msg%n</pattern>"
                + "</encoder></appender><root level=\"WARN\"><appender-ref ref=\"F\"/></root></configuration>\n");
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public String bucket() {
        return bucket;
    }

    private void awaitPort(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the S3 server exited with " + process.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the S3 server", e);
                }
            }
        }
        close();
        throw new IllegalStateException("the S3 server did not listen on port " + port + " within " + timeout);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
