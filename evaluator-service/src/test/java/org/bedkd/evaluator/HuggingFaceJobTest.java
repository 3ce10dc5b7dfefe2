package org.bedkd.evaluator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.TextClassifier;
import org.bedkd.model.hf.HfExport;
import org.bedkd.store.ArtifactStore;
import org.bedkd.store.FileArtifactStore;
import org.bedkd.testing.LocalKafkaResource;
import org.bedkd.testing.TestStore;
import org.bedkd.testing.TestStoreResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job API takes a Hugging Face classifier directory, uploaded as a zip, with its classes from id2label. */
@QuarkusTest
@WithTestResource(LocalKafkaResource.class)
@WithTestResource(TestStoreResource.class)
class HuggingFaceJobTest {

    @TempDir
    Path tmp;

    /** The test victim written as a Hugging Face directory, its config.json edited (from, to, ...), as a zip. */
    private byte[] victimAsHfZip(String... configEdits) throws Exception {
        var p = TestStoreResource.prepared();
        Path hf = tmp.resolve("hf-" + System.nanoTime());
        try (TextClassifier victim = Checkpoints.load(new FileArtifactStore(p.root()).resolve(p.victim().uri()))) {
            HfExport.write(victim, hf);
        }
        Path config = hf.resolve("config.json");
        String text = Files.readString(config);
        for (int i = 0; i < configEdits.length; i += 2) {
            text = text.replace(configEdits[i], configEdits[i + 1]);
        }
        Files.writeString(config, text);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip); var files = Files.list(hf)) {
            for (Path f : files.sorted().toList()) {
                z.putNextEntry(new ZipEntry(f.getFileName().toString()));
                z.write(Files.readAllBytes(f));
                z.closeEntry();
            }
        }
        return zip.toByteArray();
    }

    private static String upload(String path, byte[] zip) {
        return given().contentType("application/zip").body(zip).put("/artifacts/" + path + "?unzip=true").then()
                .statusCode(201).extract().path("uri");
    }

    private static Map<String, Object> job(String id, String modelUri, String schema) {
        var p = TestStoreResource.prepared();
        Map<String, Object> body = new HashMap<>(Map.of("jobId", id, "suspectModel", Map.of("uri", modelUri), "train",
                p.train(), "clean", p.clean(), "seed", 7, "overrides", TestStore.FAST));
        if (schema != null) {
            body.put("schema", schema);
        }
        return body;
    }

    @Test
    void aHuggingFaceModelIsAcceptedAndItsLabelsBecomeTheJobsSchema() throws Exception {
        String uri = upload("uploads/hf-victim", victimAsHfZip("\"negative\"", "\"NEGATIVE\""));
        given().contentType(ContentType.JSON).body(job("job-hf-1", uri, null)).post("/jobs").then().statusCode(202);
        given().get("/jobs/job-hf-1").then().statusCode(200)
                .body("spec.schema", equalTo("model"))
                .body("spec.labels", equalTo(List.of("NEGATIVE", "positive")))
                .body("spec.suspectModel.uri", equalTo(uri));
        // With the named schema too: the names agree (case aside).
        given().contentType(ContentType.JSON).body(job("job-hf-2", uri, "sst2")).post("/jobs").then().statusCode(202);
    }

    @Test
    void aModelWhoseClassesDisagreeWithTheSchemaIsRefusedNamingBoth() throws Exception {
        // The same weights, but config.json names class 0 otherwise: the data's labels would not mean the model's.
        String uri = upload("uploads/hf-flipped", victimAsHfZip("\"negative\"", "\"bogus\""));
        given().contentType(ContentType.JSON).body(job("job-hf-3", uri, "sst2")).post("/jobs").then().statusCode(400)
                .body("message", containsString("[bogus, positive]"))
                .body("message", containsString("[negative, positive]"));
        // A model whose classes are only LABEL_0, LABEL_1 cannot stand in for a schema.
        String generic = upload("uploads/hf-generic", victimAsHfZip("\"negative\"", "\"LABEL_0\"", "\"positive\"",
                "\"LABEL_1\""));
        given().contentType(ContentType.JSON).body(job("job-hf-4", generic, null)).post("/jobs").then()
                .statusCode(400).body("message", containsString("'schema' is required"));
        // A directory that is no model at all never becomes an artifact.
        ByteArrayOutputStream notAModel = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(notAModel)) {
            z.putNextEntry(new ZipEntry("config.json"));
            z.write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            z.closeEntry();
        }
        given().contentType("application/zip").body(notAModel.toByteArray())
                .put("/artifacts/uploads/config-only?unzip=true").then().statusCode(400)
                .body("message", containsString("config.json + model.safetensors"));
        assertThat(TestStoreResource.prepared().root().resolve("uploads/config-only")).doesNotExist();
    }
}
