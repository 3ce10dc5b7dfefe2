package org.bedkd.service;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.bedkd.store.ArtifactException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Clear JSON errors instead of stack traces: bad input is 4xx with a message, the rest a 500 with an id to grep. */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    /** Body of every error response. */
    public record ApiError(String error, String message) {
    }

    @ServerExceptionMapper
    public Response conflict(org.bedkd.store.ArtifactConflictException e) {
        return json(Response.Status.CONFLICT, "conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response artifact(ArtifactException e) {
        boolean missing = e.getMessage() != null && e.getMessage().contains("no artifact at ");
        return json(missing ? Response.Status.NOT_FOUND : Response.Status.BAD_REQUEST,
                missing ? "not-found" : "bad-artifact", e.getMessage());
    }

    @ServerExceptionMapper
    public Response badInput(IllegalArgumentException e) {
        return json(Response.Status.BAD_REQUEST, "bad-request", e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return json(Response.Status.NOT_FOUND, "not-found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response r = e.getResponse();
        if (r.hasEntity()) {
            return r;
        }
        return json(Response.Status.fromStatusCode(r.getStatus()), "http-" + r.getStatus(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response internal(RuntimeException e) {
        String id = java.util.UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "unhandled error %s", id);
        return json(Response.Status.INTERNAL_SERVER_ERROR, "internal", "internal error " + id + " (see the service log)");
    }

    static Response json(Response.Status status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(error, message)).build();
    }
}
