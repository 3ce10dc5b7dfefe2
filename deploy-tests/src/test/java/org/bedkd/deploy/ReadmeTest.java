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
        for (String overlay : Expected.OVERLAYS) {
            assertThat(readme).contains("deploy/overlays/" + overlay);
        }
    }

    @Test
    void dockerReadmeHasTheBuildAndRunCommands() {
        String readme = Repo.read("docker/README.md");
        assertThat(readme).contains("./mvnw -B package -DskipTests")
                .contains("docker compose -f docker/compose.yaml up")
                .contains("docker/distiller-service/Dockerfile.cuda");
        for (String service : Expected.SERVICES) {
            assertThat(readme).contains("--build-arg SERVICE=" + service).contains("-t " + Expected.image(service));
        }
    }
}
