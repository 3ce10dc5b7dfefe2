package org.bedkd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The READMEs give the commands the files are made for. */
class ReadmeTest {

    @Test
    void deployReadmeHasTheKubernetesWalkThrough() {
        String readme = Repo.read("deploy/README.md");
        assertThat(readme).contains("## Deploy on Kubernetes").contains("kubectl apply -k deploy/overlays/prod")
                .contains("kubectl create namespace bedkd").contains("bedkd-api-token")
                .contains("strimzi").contains("keda").contains("deploy/overlays/gpu")
                .contains("port-forward").contains("application.properties").contains("hand-kept");
        // Closed by default: how the required token Secret is made, and the Kafka login.
        assertThat(readme).contains("kubectl -n bedkd create secret generic " + Expected.API_TOKEN_SECRET
                        + " --from-literal=" + Expected.API_TOKEN_KEY + "=")
                .contains("--from-literal=" + Expected.API_READ_TOKEN_KEY + "=").contains("BEDKD_API_READ_TOKEN")
                .contains("SASL_SSL").contains("SCRAM-SHA-512").contains("KafkaUser").contains("kafka-users.yaml")
                .contains(Expected.KAFKA_CLUSTER_CA_SECRET).contains(Expected.INSECURE_DEMO_ENV)
                .doesNotContain("bedkd-kafka-bootstrap:9092");
        for (String overlay : Expected.OVERLAYS) {
            assertThat(readme).contains("deploy/overlays/" + overlay);
        }
        // The S3 store: both ways to log in, the probe, the policy, and that no RWX volume is needed.
        assertThat(readme).contains("## Artifact store on S3").contains("kubectl apply -k deploy/overlays/s3")
                .contains("deploy/components/s3-store").contains("deploy/components/s3-static-credentials")
                .contains(Expected.S3_CREDENTIALS_SECRET).contains(Expected.IRSA_ANNOTATION)
                .contains("If-None-Match: *").contains("no RWX volume is needed").contains(Expected.STORE_TYPE_ENV)
                .contains(Expected.S3_BUCKET_ENV).contains(Expected.S3_CACHE_DIR_ENV);
        for (String action : Expected.S3_OBJECT_ACTIONS) {
            assertThat(readme).as("README explains %s", action).contains(action);
        }
    }

    @Test
    void dockerReadmeHasTheBuildAndRunCommands() {
        String readme = Repo.read("docker/README.md");
        assertThat(readme).contains("./mvnw -B package -DskipTests")
                .contains("docker compose -f docker/compose.yaml up")
                .contains("docker/distiller-service/Dockerfile.cuda")
                .contains("export BEDKD_API_TOKEN=").contains("-f docker/compose.sasl.yaml")
                .contains(Expected.PLAINTEXT_ALLOWED_ENV).contains("down -v")
                .contains("docker compose -f docker/compose.yaml -f docker/compose.s3.yaml --profile s3 up")
                .contains(Expected.STORE_TYPE_ENV).contains("If-None-Match: *").contains("MinIO");
        for (String service : Expected.SERVICES) {
            assertThat(readme).contains("--build-arg SERVICE=" + service).contains("-t " + Expected.image(service));
        }
    }
}
