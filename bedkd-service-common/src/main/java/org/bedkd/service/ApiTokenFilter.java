package org.bedkd.service;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Bearer-token check on every API call: reads (job specs, reports, training data and models are all sensitive) and
 * mutations alike. Only {@code /q/*} (health probes, metrics, OpenAPI) stays open. The read token, if configured,
 * allows GET and HEAD only. Tokens are compared in constant time and never logged. Without a token the filter lets
 * everything through, which {@link SecurityGate} allows only in the insecure local demo mode.
 */
public class ApiTokenFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD");

    private final Optional<byte[]> token;
    private final Optional<byte[]> readToken;

    public ApiTokenFilter(ApiConfig config) {
        this.token = bytes(config.token());
        this.readToken = bytes(config.readToken());
    }

    private static Optional<byte[]> bytes(Optional<String> t) {
        return t.map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (token.isEmpty() || path.equals("/q") || path.startsWith("/q/")) {
            return Optional.empty();
        }
        String header = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        byte[] presented = (header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : "")
                .getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(presented, token.get())) {
            return Optional.empty();
        }
        boolean read = READS.contains(ctx.getMethod());
        if (readToken.isPresent() && MessageDigest.isEqual(presented, readToken.get())) {
            return read ? Optional.empty() : Optional.of(error(Response.Status.FORBIDDEN, "forbidden",
                    "the read token allows GET only"));
        }
        return Optional.of(error(Response.Status.UNAUTHORIZED, "unauthorized", "a valid bearer token is required"));
    }

    private static Response error(Response.Status status, String code, String message) {
        Response.ResponseBuilder b = Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorMapper.ApiError(code, message));
        if (status == Response.Status.UNAUTHORIZED) {
            b.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return b.build();
    }
}
