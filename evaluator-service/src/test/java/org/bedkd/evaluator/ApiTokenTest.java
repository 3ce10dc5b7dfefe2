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
 * With tokens configured, every API call needs one (reads too: job specs, reports, training data and models are
 * sensitive); the read token allows GET only; probes and metrics stay open.
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
            return Map.of("bedkd.api.token", TOKEN, "bedkd.api.read-token", READ);
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
