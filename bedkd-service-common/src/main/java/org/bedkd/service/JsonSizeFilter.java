package org.bedkd.service;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.bedkd.service.ErrorMapper;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Rejects JSON requests over {@code bedkd.api.max-json-bytes} (default 1 MiB) with a 413 before the body is read. The
 * HTTP body limit stays large for model and data uploads (zip, CSV), but a job request is a few hundred bytes; a
 * huge one is a mistake or an attack and should not be parsed into memory.
 */
public class JsonSizeFilter {

    private final long maxJsonBytes;

    public JsonSizeFilter(
            @ConfigProperty(name = "bedkd.api.max-json-bytes", defaultValue = "1048576") long maxJsonBytes) {
        this.maxJsonBytes = maxJsonBytes;
    }

    @ServerRequestFilter
    public Optional<Response> check(ContainerRequestContext ctx) {
        MediaType type = ctx.getMediaType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || ctx.getLength() <= maxJsonBytes) {
            return Optional.empty();
        }
        return Optional.of(Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorMapper.ApiError("too-large", "a JSON request may be at most " + maxJsonBytes
                        + " bytes; this one has " + ctx.getLength()))
                .build());
    }
}
