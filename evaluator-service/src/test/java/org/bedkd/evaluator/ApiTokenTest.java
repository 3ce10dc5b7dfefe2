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

/** With a token configured, mutating endpoints need it; reads and probes stay open. */
@QuarkusTest
@TestProfile(ApiTokenTest.WithToken.class)
@WithTestResource(LocalKafkaResource.class)
@WithTestResource(TestStoreResource.class)
class ApiTokenTest {

    /** Sets {@code bedkd.api.token}. */
    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bedkd.api.token", "s3cret-token");
        }
    }

    @Test
    void mutatingEndpointsNeedTheToken() {
        given().contentType("application/json").body("{}").post("/jobs").then().statusCode(401)
                .body("error", equalTo("unauthorized"));
        given().header("Authorization", "Bearer wrong").contentType("application/json").body("{}").post("/jobs").then()
                .statusCode(401);
        given().header("Authorization", "Bearer s3cret-token").contentType("application/json").body("{}").post("/jobs")
                .then().statusCode(400);
        given().delete("/jobs/any").then().statusCode(401);
        given().contentType("application/octet-stream").body(new byte[] {1}).put("/artifacts/x.bin").then().statusCode(401);
        given().get("/jobs").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
