package org.bedkd.evaluator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.bedkd.testing.LocalKafkaResource;
import org.bedkd.testing.TestStoreResource;
import org.junit.jupiter.api.Test;

/**
 * A closed, small deployment: with tokens configured, every API call needs one (reads too: job specs, reports,
 * training data and models are sensitive); the read token allows GET only; probes and metrics stay open. It also
 * accepts a single unfinished job, to show the queue cap.
 */
@QuarkusTest
@TestProfile(ApiTokenTest.WithToken.class)
@WithTestResource(LocalKafkaResource.class)
@WithTestResource(TestStoreResource.class)
class ApiTokenTest {

    static final String TOKEN = "write-token-0123456789abcdef0123456789";
    static final String READ = "read-token-0123456789abcdef0123456789ab";

    /** Sets {@code bedkd.api.token} and {@code bedkd.api.read-token}. */
    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bedkd.api.token", TOKEN, "bedkd.api.read-token", READ, "bedkd.evaluator.max-active-jobs",
                    "1");
        }
    }

    @Test
    void everyCallNeedsAToken() {
        given().contentType("application/json").body("{}").post("/jobs").then().statusCode(401)
                .body("error", equalTo("unauthorized"));
        given().header("Authorization", "Bearer wrong").contentType("application/json").body("{}").post("/jobs").then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + TOKEN).contentType("application/json").body("{}").post("/jobs")
                .then().statusCode(400);
        given().delete("/jobs/any").then().statusCode(401);
        given().contentType("application/octet-stream").body(new byte[] {1}).put("/artifacts/uploads/x.bin").then()
                .statusCode(401);
        // Reads are closed as well.
        given().get("/jobs").then().statusCode(401);
        given().get("/jobs/any/report").then().statusCode(401);
        given().get(TestStoreResource.prepared().train().uri().replace("store:", "/artifacts/")).then().statusCode(401);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void submissionsBeyondTheCapOfUnfinishedJobsGet429() {
        var p = TestStoreResource.prepared();
        java.util.function.Function<String, Map<String, Object>> job = id -> Map.of("jobId", id, "suspectModel",
                p.victim(), "train", p.train(), "clean", p.clean(), "schema", "sst2", "overrides",
                org.bedkd.testing.TestStore.FAST);
        given().header("Authorization", "Bearer " + TOKEN).contentType("application/json").body(job.apply("cap-1"))
                .post("/jobs").then().statusCode(202);
        // No detector runs in this test, so cap-1 stays unfinished.
        given().header("Authorization", "Bearer " + TOKEN).contentType("application/json").body(job.apply("cap-2"))
                .post("/jobs").then().statusCode(429).header("Retry-After", "60")
                .body("error", equalTo("too-many-jobs"));
        // Resubmitting the accepted job is still answered.
        given().header("Authorization", "Bearer " + TOKEN).contentType("application/json").body(job.apply("cap-1"))
                .post("/jobs").then().statusCode(200);
    }

    @Test
    void theReadTokenReadsButCannotWrite() {
        given().header("Authorization", "Bearer " + READ).get("/jobs").then().statusCode(200);
        given().header("Authorization", "Bearer " + READ)
                .get(TestStoreResource.prepared().train().uri().replace("store:", "/artifacts/")).then().statusCode(200);
        given().header("Authorization", "Bearer " + READ).contentType("application/json").body("{}").post("/jobs")
                .then().statusCode(403).body("error", equalTo("forbidden"));
        given().header("Authorization", "Bearer " + READ).contentType("application/octet-stream")
                .body(new byte[] {1}).put("/artifacts/uploads/y.bin").then().statusCode(403);
        given().header("Authorization", "Bearer " + TOKEN).get("/jobs").then().statusCode(200);
    }
}
