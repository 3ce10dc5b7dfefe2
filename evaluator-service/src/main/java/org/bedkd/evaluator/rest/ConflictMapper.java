package org.bedkd.evaluator.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.bedkd.evaluator.service.JobSubmission;
import org.bedkd.service.ErrorMapper;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * 409 for requests that conflict with what exists (a reused job id, an immutable artifact, a finished job); 429 when
 * too many jobs are running.
 */
public class ConflictMapper {

    @ServerExceptionMapper
    public Response conflict(JobSubmission.ConflictException e) {
        return Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorMapper.ApiError("conflict", e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response tooMany(JobSubmission.TooManyJobsException e) {
        return Response.status(Response.Status.TOO_MANY_REQUESTS).type(MediaType.APPLICATION_JSON)
                .header("Retry-After", "60").entity(new ErrorMapper.ApiError("too-many-jobs", e.getMessage())).build();
    }
}
