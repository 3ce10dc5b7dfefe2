package org.bedkd.evaluator.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.bedkd.evaluator.service.JobSubmission;
import org.bedkd.service.ErrorMapper;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 409 for requests that conflict with what exists (a reused job id, an immutable artifact, a finished job). */
public class ConflictMapper {

    @ServerExceptionMapper
    public Response conflict(JobSubmission.ConflictException e) {
        return Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorMapper.ApiError("conflict", e.getMessage())).build();
    }
}
