package org.bedkd.service;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Rejects JSON requests whose Content-Length is over {@code bedkd.api.max-json-bytes} (default 1 MiB) with a 413
 * before the body is read. The HTTP body limit stays large for model and data uploads (zip, CSV), but a job request is
 * a few hundred bytes; a huge one is a mistake or an attack and should not be parsed into memory. Chunked bodies carry
 * no length: {@link BoundedJson} holds the same limit while reading.
 */
public class JsonSizeFilter {

    private final long maxJsonBytes;

    public JsonSizeFilter(ApiConfig config) {
        this.maxJsonBytes = config.maxJsonBytes();
    }

    @ServerRequestFilter
    public Optional<Response> check(ContainerRequestContext ctx) {
        MediaType type = ctx.getMediaType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || ctx.getLength() <= maxJsonBytes) {
            return Optional.empty();
        }
        return Optional.of(BoundedJson.tooLarge(maxJsonBytes, "; this one has " + ctx.getLength()));
    }
}
