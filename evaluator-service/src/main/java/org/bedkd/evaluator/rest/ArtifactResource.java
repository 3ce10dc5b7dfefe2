package org.bedkd.evaluator.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
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
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bedkd.evaluator.config.EvaluatorConfig;
import org.bedkd.service.JobInputs;
import org.bedkd.store.ArtifactStore;
import org.bedkd.store.StoredArtifact;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Uploads and downloads of artifacts in the shared store. Users write only under {@code uploads/}: {@code jobs/} and
 * {@code screening/} belong to the pipeline's stages, so no upload can stand in for a stage's output. Artifacts are
 * immutable: re-uploading identical content is a no-op (200), different content at the same path is refused (409). A
 * model checkpoint travels as a zip of its directory ({@code ?unzip=true} on upload, bounded in files, bytes and
 * compression ratio; downloads of a directory are zipped).
 */
@Path("/artifacts")
public class ArtifactResource {

    /** The one prefix the upload API writes under. */
    public static final String UPLOADS = "uploads/";

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
    @Operation(summary = "Upload a file under uploads/, or with unzip=true a zipped checkpoint directory; returns its"
            + " store reference")
    public Response upload(@PathParam("path") String path, @QueryParam("unzip") boolean unzip, InputStream body) {
        if (!path.startsWith(UPLOADS) || path.length() == UPLOADS.length()) {
            throw new ForbiddenException("uploads go under " + UPLOADS + " (e.g. PUT /artifacts/" + UPLOADS
                    + "my/train.csv); jobs/ and screening/ are written only by the pipeline");
        }
        String uri = ArtifactStore.uri(path);
        boolean existed = store.exists(uri);
        ArtifactStore.Upload upload = store.receive(body, config.maxUploadBytes());
        StoredArtifact stored = unzip
                ? store.commitZip(upload, path, new ArtifactStore.UnzipLimits(config.maxUnzipEntries(),
                        config.maxUnzipBytes(), config.maxUnzipRatio()))
                : store.commit(upload, path);
        return Response.status(existed ? Response.Status.OK : Response.Status.CREATED).entity(JobInputs.ref(stored))
                .build();
    }

    @GET
    @Path("/{path: .+}")
    @Operation(summary = "Download a file, or a checkpoint directory as a zip")
    public Response download(@PathParam("path") String path) {
        String uri = ArtifactStore.uri(path);
        if (!store.exists(uri)) {
            throw new NotFoundException("no artifact at " + uri);
        }
        java.nio.file.Path p = store.local(uri);
        if (Files.isDirectory(p)) {
            StreamingOutput zip = out -> zipDirectory(p, out);
            return Response.ok(zip, "application/zip").header("Content-Disposition",
                    "attachment; filename=\"" + p.getFileName() + ".zip\"").build();
        }
        return Response.ok(p.toFile(), MediaType.APPLICATION_OCTET_STREAM).build();
    }

    private static void zipDirectory(java.nio.file.Path dir, java.io.OutputStream out) throws IOException {
        // Recursive, relative names: what a stored model directory holds, whatever its layout.
        try (ZipOutputStream zip = new ZipOutputStream(out); var files = Files.walk(dir)) {
            for (java.nio.file.Path f : files.filter(x -> Files.isRegularFile(x, LinkOption.NOFOLLOW_LINKS)).sorted()
                    .toList()) {
                zip.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
    }
}
