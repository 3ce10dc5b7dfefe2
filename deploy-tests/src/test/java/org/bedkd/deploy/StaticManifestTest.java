package org.bedkd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.bedkd.contracts.Topics;
import org.junit.jupiter.api.Test;

/**
 * The cross-checks that matter most, on the hand-kept source files themselves, so that they run even where kubectl
 * is missing (OverlayInvariantsTest repeats them on every rendered overlay).
 */
class StaticManifestTest {

    @Test
    void theExpectedTopicListIsTheContractsList() {
        assertThat(Expected.TOPIC_PARTITIONS.keySet()).containsExactlyInAnyOrderElementsOf(Topics.all());
    }

    @Test
    void servicePropertiesNameOnlyKnownTopicsAndTheExpectedConsumerGroups() {
        Set<String> named = new TreeSet<>();
        for (String service : Expected.SERVICES) {
            ServiceProperties props = ServiceProperties.of(service);
            assertThat(props.applicationName()).as("%s quarkus.application.name", service).isEqualTo(service);
            assertThat(Expected.TOPIC_PARTITIONS.keySet()).as("topics of %s", service).containsAll(props.topics());
            assertThat(props.consumedTopicsBySharedGroup())
                    .as("%s: work-sharing consumer groups and their topics", service)
                    .isEqualTo(Map.of(service, Expected.CONSUMED_BY_SERVICE_GROUP.get(service)));
            named.addAll(props.topics());
        }
        // Every topic but the evaluations/progress/... outputs is also read somewhere; all are named by some service.
        assertThat(named).as("topics named by the three services").containsExactlyInAnyOrderElementsOf(
                Expected.TOPIC_PARTITIONS.keySet());
    }

    @Test
    void kafkaTopicResourcesMatchTheTopicList() {
        Map<String, Integer> partitions = new TreeMap<>();
        for (Object doc : Yamls.loadAll(Repo.path("deploy/base/kafka-topics.yaml"))) {
            assertThat(Yamls.str(doc, "kind")).isEqualTo("KafkaTopic");
            assertThat(Yamls.map(doc, "metadata.labels")).containsEntry("strimzi.io/cluster", Expected.KAFKA_CLUSTER);
            String topic = Objects.requireNonNullElse(Yamls.str(doc, "spec.topicName"), Yamls.str(doc, "metadata.name"));
            partitions.put(topic, ((Number) Yamls.at(doc, "spec.partitions")).intValue());
        }
        assertThat(partitions).isEqualTo(new TreeMap<>(Expected.TOPIC_PARTITIONS));
    }

    @Test
    void scaledObjectsMatchTheConsumerGroups() {
        Map<String, Set<String>> topicsByGroup = new TreeMap<>();
        for (Object doc : Yamls.loadAll(Repo.path("deploy/components/keda/scaledobjects.yaml"))) {
            String target = Yamls.str(doc, "spec.scaleTargetRef.name");
            for (Map<String, Object> trigger : Yamls.maps(doc, "spec.triggers")) {
                assertThat(Yamls.str(trigger, "metadata.consumerGroup")).isEqualTo(target);
                topicsByGroup.computeIfAbsent(target, t -> new TreeSet<>()).add(Yamls.str(trigger, "metadata.topic"));
            }
        }
        assertThat(topicsByGroup).isEqualTo(new TreeMap<>(Expected.CONSUMED_BY_SERVICE_GROUP));
    }

    @Test
    void configMapsCarryTheCommonEnvironment() {
        for (String service : Expected.SERVICES) {
            Object cm = Yamls.loadAll(Repo.path("deploy/base/" + service + ".yaml")).stream()
                    .filter(d -> "ConfigMap".equals(Yamls.str(d, "kind"))).findFirst().orElse(null);
            assertThat(cm).as("%s ConfigMap", service).isNotNull();
            assertThat(Yamls.str(cm, "metadata.name")).isEqualTo(service + "-config");
            assertThat(Yamls.map(cm, "data")).containsAllEntriesOf(Expected.COMMON_ENV);
        }
    }

    // ---- closed by default (OverlayInvariantsTest repeats these on every render) -------------------------------

    @Test
    void kafkaUsersGrantExactlyWhatApplicationPropertiesUse() {
        Map<String, Map<String, Object>> users = new TreeMap<>();
        for (Object doc : Yamls.loadAll(Repo.path("deploy/base/kafka-users.yaml"))) {
            assertThat(Yamls.str(doc, "kind")).isEqualTo("KafkaUser");
            @SuppressWarnings("unchecked")
            Map<String, Object> user = (Map<String, Object>) doc;
            users.put(Yamls.str(doc, "metadata.name"), user);
        }
        java.util.List<String> expected = new java.util.ArrayList<>(Expected.SERVICES);
        expected.add(Expected.SCREENING_CLIENT);
        assertThat(users.keySet()).as("one KafkaUser per service, and the screening client's")
                .containsExactlyInAnyOrderElementsOf(expected);
        users.forEach((name, user) -> {
            assertThat(Yamls.map(user, "metadata.labels")).containsEntry("strimzi.io/cluster", Expected.KAFKA_CLUSTER);
            assertThat(Yamls.str(user, "spec.authentication.type")).isEqualTo("scram-sha-512");
            assertThat(Yamls.str(user, "spec.authorization.type")).isEqualTo("simple");
            assertThat(KafkaAcls.ofKafkaUser(user)).as("%s ACLs = what its application.properties uses", name)
                    .containsExactlyInAnyOrderElementsOf(name.equals(Expected.SCREENING_CLIENT)
                            ? Expected.screeningClientAcls() : KafkaAcls.neededBy(name));
        });
        OverlayInvariantsTest.assertNoWrite(KafkaAcls.ofKafkaUser(users.get("detector-service")), "detector-service",
                "bedkd.purified", "bedkd.evaluations");
        OverlayInvariantsTest.assertNoWrite(KafkaAcls.ofKafkaUser(users.get("distiller-service")), "distiller-service",
                "bedkd.detections", "bedkd.jobs");
    }

    @Test
    void everyServiceRequiresTheApiTokenSecret() {
        for (String service : Expected.SERVICES) {
            Object deployment = Yamls.loadAll(Repo.path("deploy/base/" + service + ".yaml")).stream()
                    .filter(d -> "Deployment".equals(Yamls.str(d, "kind"))).findFirst().orElseThrow();
            Map<String, Object> container = Yamls.maps(deployment, "spec.template.spec.containers").get(0);
            List<Map<String, Object>> token = Yamls.maps(container, "env").stream()
                    .filter(e -> "BEDKD_API_TOKEN".equals(e.get("name"))).toList();
            assertThat(token).as("%s BEDKD_API_TOKEN", service).singleElement().satisfies(e -> {
                Map<String, Object> ref = Yamls.map(e, "valueFrom.secretKeyRef");
                assertThat(ref).containsEntry("name", Expected.API_TOKEN_SECRET).containsEntry("key", Expected.API_TOKEN_KEY);
                assertThat(ref.get("optional")).as("%s: the API token Secret is required", service).isEqualTo(false);
            });
        }
    }

    /** No hand-kept manifest (base, components, overlays, monitoring) turns the insecure demo or plaintext Kafka on. */
    @Test
    void noManifestUnderDeployOpensAService() {
        List<Path> manifests = Repo.files("deploy", ".yaml", ".yml", ".json");
        assertThat(manifests).isNotEmpty();
        for (Path file : manifests) {
            assertThat(Repo.read(file)).as(Repo.relative(file)).doesNotContain(Expected.INSECURE_DEMO_ENV)
                    .doesNotContain(Expected.PLAINTEXT_ALLOWED_ENV);
        }
    }
}
