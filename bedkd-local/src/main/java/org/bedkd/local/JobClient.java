package org.bedkd.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bedkd.contracts.ArtifactRef;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.api.JobRequest;
import org.bedkd.contracts.api.JobStatus;

/** A small client of the job API (evaluator-service), as a pipeline would use it. */
public final class JobClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    public JobClient(String baseUrl, String token) {
        this.base = baseUrl;
        this.token = token;
    }

    /** Uploads a file artifact. */
    public ArtifactRef upload(String path, byte[] content) {
        return EventCodec.MAPPER.convertValue(send(put("/artifacts/" + path, content), 200, 201), ArtifactRef.class);
    }

    /** Uploads a checkpoint directory (zipped on the way). */
    public ArtifactRef uploadCheckpoint(String path, Path dir) {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip); var files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                z.putNextEntry(new ZipEntry(f.getFileName().toString()));
                Files.copy(f, z);
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return EventCodec.MAPPER.convertValue(send(put("/artifacts/" + path + "?unzip=true", zip.toByteArray()), 200,
                201), ArtifactRef.class);
    }

    public JobStatus submit(JobRequest request) {
        return EventCodec.MAPPER.convertValue(submitJson(EventCodec.toJson(request)), JobStatus.class);
    }

    /** Submits a body as given, for callers that must send what the records cannot (tests of the API's refusals). */
    public JsonNode submitJson(String body) {
        HttpRequest r = auth(HttpRequest.newBuilder(URI.create(base + "/jobs")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return send(r, 200, 202);
    }

    public JobStatus status(String jobId) {
        return EventCodec.MAPPER.convertValue(send(auth(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId)))
                .GET().build(), 200), JobStatus.class);
    }

    /**
     * Polls the job every {@code every} until its state is terminal, handing each status to {@code onStatus}; fails
     * when {@code timeout} passes first.
     */
    public JobStatus awaitEnd(String jobId, Duration timeout, Duration every, Consumer<JobStatus> onStatus)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JobStatus s = status(jobId);
            onStatus.accept(s);
            if (s.state().isTerminal()) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(jobId + " did not end within " + timeout + ": " + s);
            }
            Thread.sleep(every.toMillis());
        }
    }

    public String report(String jobId, String suffix) {
        HttpRequest r = auth(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "/report" + suffix))).GET()
                .build();
        try {
            HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                throw new IllegalStateException("GET report" + suffix + " → " + resp.statusCode() + ": " + resp.body());
            }
            return resp.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String base() {
        return base;
    }

    private HttpRequest put(String path, byte[] body) {
        return auth(HttpRequest.newBuilder(URI.create(base + path))).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpRequest.Builder auth(HttpRequest.Builder b) {
        return token == null || token.isBlank() ? b : b.header("Authorization", "Bearer " + token);
    }

    private JsonNode send(HttpRequest r, int... ok) {
        try {
            HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
            for (int code : ok) {
                if (resp.statusCode() == code) {
                    return EventCodec.tree(resp.body());
                }
            }
            throw new IllegalStateException(r.method() + " " + r.uri() + " → " + resp.statusCode() + ": " + resp.body());
        } catch (IOException e) {
            throw new UncheckedIOException(r.method() + " " + r.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
