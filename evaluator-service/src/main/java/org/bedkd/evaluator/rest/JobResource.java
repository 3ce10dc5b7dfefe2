package org.bedkd.evaluator.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.JobState;
import org.bedkd.contracts.api.JobRequest;
import org.bedkd.contracts.api.JobStatus;
import org.bedkd.evaluator.service.EvaluationReport;
import org.bedkd.evaluator.service.JobSubmission;
import org.bedkd.evaluator.service.ReportRenderer;
import org.bedkd.evaluator.view.JobView;
import org.bedkd.service.BoundedJson;
import org.bedkd.service.JobIds;
import org.bedkd.service.JobInputs;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/** The job API: submit a purification job, follow it, fetch its report, cancel it. */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    /** One line of {@code GET /jobs}. */
    public record JobSummary(String jobId, JobState state, String stage, Double fraction, java.time.Instant updatedAt,
            Boolean accepted) {
    }

    private final JobSubmission submission;
    private final JobView view;
    private final JobInputs inputs;
    private final BoundedJson json;

    public JobResource(JobSubmission submission, JobView view, JobInputs inputs, BoundedJson json) {
        this.submission = submission;
        this.view = view;
        this.inputs = inputs;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a purification job (202); re-submitting the same jobId and request returns it (200);"
            + " 409 for a job id used before with another request, 429 when too many jobs are running")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = JobRequest.class)))
    public Response submit(InputStream body) {
        JobSubmission.Submitted s = submission.submit(json.read(body, JobRequest.class));
        return Response.status(s.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .location(URI.create("/jobs/" + s.status().jobId())).entity(s.status()).build();
    }

    @GET
    @Operation(summary = "All jobs, newest first")
    public List<JobSummary> list(@QueryParam("state") JobState state) {
        return view.list().stream().filter(j -> state == null || j.state() == state)
                .map(j -> new JobSummary(j.jobId(), j.state(), j.progress() == null ? null : j.progress().stage(),
                        j.progress() == null ? null : j.progress().fraction(), j.updatedAt(), j.accepted())).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Status and progress of a job")
    public JobStatus get(@PathParam("id") String id) {
        return status(id);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Cancel a job (202); 409 when it already ended")
    public Response cancel(@PathParam("id") String id) {
        return Response.accepted(submission.cancel(status(id).jobId(), "cancelled through the API")).build();
    }

    @GET
    @Path("/{id}/report")
    @Operation(summary = "The full report (JSON) of a finished job; 409 while it runs")
    public Response report(@PathParam("id") String id) {
        return Response.ok(readReport(id), MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{id}/report.md")
    @Produces("text/markdown")
    @Operation(summary = "The report as Markdown")
    public String reportMarkdown(@PathParam("id") String id) {
        return ReportRenderer.markdown(parse(readReport(id)));
    }

    @GET
    @Path("/{id}/report.html")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The report as a web page")
    public String reportHtml(@PathParam("id") String id) {
        return ReportRenderer.html(parse(readReport(id)));
    }

    private JobStatus status(String id) {
        if (!JobIds.isValid(id)) {
            throw new IllegalArgumentException("invalid job id '" + id + "'");
        }
        return view.get(id).orElseThrow(() -> new NotFoundException("no job " + id));
    }

    private byte[] readReport(String id) {
        JobStatus s = status(id);
        if (s.state() != JobState.DONE || s.report() == null) {
            throw new JobSubmission.ConflictException("job " + id + " has no report yet (state " + s.state() + ")");
        }
        try {
            // The report the evaluation event named, checked against its sha256.
            return Files.readAllBytes(inputs.verified(s.report(), "report"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EvaluationReport parse(byte[] json) {
        try {
            return EventCodec.MAPPER.readValue(json, EvaluationReport.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
