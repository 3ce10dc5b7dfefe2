package org.bedkd.detector.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.bedkd.contracts.ArtifactRef;
import org.bedkd.contracts.ScreeningRecord;
import org.bedkd.contracts.ScreeningVerdict;
import org.bedkd.detector.screening.Screener;
import org.bedkd.detector.screening.ScreenerRegistry;
import org.bedkd.detector.screening.ScreenerSpec;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Registers the screener used for streaming screening, and scores small batches synchronously. */
@Path("/screener")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ScreenerResource {

    /**
     * Either {@code jobId} (use that job's suspect model and DMM) or {@code suspectModel} + {@code dmm} + {@code schema};
     * {@code filter} ({@code imbert}, {@code onion}, {@code strip}) adds an inference-time filter fitted on the job's
     * clean split, so it needs {@code jobId}.
     */
    public record RegisterRequest(String jobId, ArtifactRef suspectModel, ArtifactRef dmm, String schema, Float gamma,
            String id, String filter) {
    }

    /** Records to score synchronously. */
    public record ScoreRequest(List<ScreeningRecord> records) {
    }

    private final ScreenerRegistry registry;

    public ScreenerResource(ScreenerRegistry registry) {
        this.registry = registry;
    }

    @PUT
    @Operation(summary = "Register the (suspect model, DMM) pair, and optionally an inference-time filter, that screens"
            + " bedkd.screening.in")
    public ScreenerSpec register(RegisterRequest r) {
        if (r == null) {
            throw new IllegalArgumentException("request body is required");
        }
        if (r.jobId() != null) {
            return registry.registerFromJob(r.jobId(), r.gamma(), r.filter());
        }
        if (r.filter() != null) {
            throw new IllegalArgumentException("a filter is fitted on a job's clean split: register it with jobId");
        }
        if (r.suspectModel() == null || r.dmm() == null || r.schema() == null) {
            throw new IllegalArgumentException("give either jobId, or suspectModel, dmm and schema");
        }
        float gamma = r.gamma() != null ? r.gamma() : registry.settings().gamma();
        return registry.register(new ScreenerSpec(r.id() != null ? r.id() : "screener", r.suspectModel(), r.dmm(),
                r.schema(), gamma, null));
    }

    @GET
    @Operation(summary = "The active screener")
    public ScreenerSpec active() {
        return registry.active().map(Screener::spec)
                .orElseThrow(() -> new NotFoundException("no screener registered"));
    }

    @POST
    @Path("/score")
    @Operation(summary = "Score up to max-records-per-request records now (not routed to topics)")
    public List<ScreeningVerdict> score(ScoreRequest r) {
        if (r == null || r.records() == null || r.records().isEmpty()) {
            throw new IllegalArgumentException("records must be a non-empty list");
        }
        int max = registry.settings().maxRecordsPerRequest();
        if (r.records().size() > max) {
            throw new IllegalArgumentException(r.records().size() + " records, at most " + max + " per request");
        }
        Screener s = registry.active().orElseThrow(() -> new NotFoundException("no screener registered"));
        for (ScreeningRecord rec : r.records()) {
            if (rec.text() == null || rec.text().isBlank()) {
                throw new IllegalArgumentException("record " + rec.id() + " has no text");
            }
            if (rec.text().length() > registry.settings().maxTextChars()) {
                throw new IllegalArgumentException("record " + rec.id() + " has " + rec.text().length()
                        + " characters, over the limit of " + registry.settings().maxTextChars());
            }
        }
        List<ScreeningVerdict> out = s.verdicts(r.records());
        return out;
    }
}
