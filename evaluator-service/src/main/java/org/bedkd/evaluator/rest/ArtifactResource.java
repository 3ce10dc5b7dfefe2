package org.bedkd.evaluator.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.bedkd.contracts.ArtifactRef;
import org.bedkd.evaluator.config.EvaluatorConfig;
import org.bedkd.evaluator.service.JobSubmission;
import org.bedkd.service.JobInputs;
import org.bedkd.store.ArtifactException;
import org.bedkd.store.ArtifactStore;
import org.bedkd.store.StoredArtifact;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Uploads and downloads of artifacts in the shared store. Artifacts are immutable: re-uploading identical content is
 * a no-op (200), different content at the same path is refused (409). A model checkpoint travels as a zip of its
 * directory ({@code ?unzip=true} on upload; downloads of a directory are zipped).
 */
@Path("/artifacts")
public class ArtifactResource {

    private final ArtifactStore store;
    private final EvaluatorConfig config;

    public ArtifactResource(ArtifactStore store, EvaluatorConfig config) {
        this.store = store;
        this.config = config;
    }

    @PUT
    @Path("/{path: .+}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload a file, or with unzip=true a zipped checkpoint directory; returns its store reference")
    public Response upload(@PathParam("path") String path, @QueryParam("unzip") boolean unzip, InputStream body)
            throws IOException {
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxUploadBytes() + 1));
        if (bytes.length > config.maxUploadBytes()) {
            return Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE).type(MediaType.APPLICATION_JSON)
                    .entity(new org.bedkd.service.ErrorMapper.ApiError("too-large", "artifact over "
                            + config.maxUploadBytes() + " bytes")).build();
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty upload");
        }
        String uri = ArtifactStore.uri(path);
        java.nio.file.Path target = store.resolve(uri);
        StoredArtifact existing = Files.exists(target, LinkOption.NOFOLLOW_LINKS) ? store.describe(uri) : null;
        StoredArtifact stored = unzip ? store.putDirectory(path, dir -> unzipInto(bytes, dir))
                : store.putBytes(path, bytes);
        if (existing != null) {
            StoredArtifact incoming = unzip ? null : new StoredArtifact(uri, sha256(bytes), bytes.length);
            if (incoming != null && !incoming.sha256().equals(existing.sha256())) {
                throw new JobSubmission.ConflictException(uri + " exists with different content (sha256 "
                        + existing.sha256() + ")");
            }
            return Response.ok(JobInputs.ref(existing)).build();
        }
        ArtifactRef ref = JobInputs.ref(stored);
        return Response.status(Response.Status.CREATED).entity(ref).build();
    }

    @GET
    @Path("/{path: .+}")
    @Operation(summary = "Download a file, or a checkpoint directory as a zip")
    public Response download(@PathParam("path") String path) {
        java.nio.file.Path p = store.resolve(ArtifactStore.uri(path));
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotFoundException("no artifact at store:" + path);
        }
        if (Files.isDirectory(p)) {
            StreamingOutput zip = out -> zipDirectory(p, out);
            return Response.ok(zip, "application/zip").header("Content-Disposition",
                    "attachment; filename=\"" + p.getFileName() + ".zip\"").build();
        }
        return Response.ok(p.toFile(), MediaType.APPLICATION_OCTET_STREAM).build();
    }

    /** Extracts a zip into {@code dir}, refusing entries that would land outside it (zip slip) or nest directories. */
    static void unzipInto(byte[] zip, java.nio.file.Path dir) {
        int files = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            Files.createDirectories(dir);
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.isDirectory()) {
                    continue;
                }
                String name = java.nio.file.Path.of(e.getName()).getFileName().toString();
                java.nio.file.Path target = dir.resolve(name).normalize();
                if (!target.getParent().equals(dir.normalize()) || name.startsWith(".")) {
                    throw new ArtifactException("zip entry '" + e.getName() + "' is not a plain file name");
                }
                Files.copy(in, target);
                files++;
            }
        } catch (IOException e) {
            throw new ArtifactException("not a readable zip: " + e.getMessage(), e);
        }
        if (files == 0) {
            throw new ArtifactException("the zip contains no files");
        }
    }

    private static void zipDirectory(java.nio.file.Path dir, java.io.OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out); var files = Files.list(dir)) {
            for (java.nio.file.Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(f.getFileName().toString()));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
