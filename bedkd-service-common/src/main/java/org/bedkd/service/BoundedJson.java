package org.bedkd.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads a JSON request body with a hard size limit that also holds for chunked requests (which carry no
 * Content-Length for {@link JsonSizeFilter} to check), and strictly: an unknown or misspelled field is a 400 naming
 * it, never silently ignored (a job with {@code "overides"} would otherwise run on defaults).
 */
@ApplicationScoped
public class BoundedJson {

    private final ObjectMapper mapper;
    private final long maxBytes;

    public BoundedJson(ObjectMapper mapper, ApiConfig config) {
        this.mapper = mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxBytes = config.maxJsonBytes();
    }

    /** The 413 of a JSON body over the limit, whether seen by its Content-Length or while reading it. */
    static Response tooLarge(long maxBytes, String detail) {
        return Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorMapper.ApiError("too-large", "a JSON request may be at most " + maxBytes + " bytes"
                        + detail))
                .build();
    }

    /**
     * @throws WebApplicationException 413 when the body is larger than the limit
     * @throws IllegalArgumentException (400) when it is empty, malformed or has an unknown field
     */
    public <T> T read(InputStream body, Class<T> type) {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
        if (bytes.length > maxBytes) {
            throw new WebApplicationException(tooLarge(maxBytes, ""));
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException("request body is required");
        }
        try {
            T value = mapper.readValue(bytes, type);
            if (value == null) {
                throw new IllegalArgumentException("request body is required");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("unknown field '" + e.getPropertyName() + "' in "
                    + e.getReferringClass().getSimpleName() + "; known: " + e.getKnownPropertyIds());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
