package org.bedkd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** docker/compose.yaml (and its GPU override, Prometheus and Grafana files) agree with the service list. */
class ComposeTest {

    private static final Path DOCKER = Repo.path("docker");
    private final Map<String, Object> compose = Yamls.loadMap("docker/compose.yaml");

    private Map<String, Object> service(String name) {
        Map<String, Object> s = Yamls.map(compose, "services." + name);
        assertThat(s).as("compose service %s", name).isNotEmpty();
        return s;
    }

    @Test
    void servicesAreTheThreeBedkdServicesPlusKafkaAndMonitoring() {
        assertThat(Yamls.map(compose, "services").keySet()).containsAll(Expected.SERVICES)
                .contains("kafka", "kafka-init", "prometheus", "grafana")
                .allSatisfy(name -> assertThat(name).doesNotContainIgnoringCase("zookeeper"));
    }

    @Test
    void kafkaRunsKraftFromTheApacheImage() {
        Map<String, Object> kafka = service("kafka");
        assertThat(kafka.get("image")).isEqualTo(Expected.KAFKA_IMAGE);
        Map<String, Object> env = Yamls.map(kafka, "environment");
        assertThat(String.valueOf(env.get("KAFKA_PROCESS_ROLES")).split(",")).containsExactlyInAnyOrder("broker", "controller");
        assertThat(String.valueOf(env.get("KAFKA_ADVERTISED_LISTENERS"))).contains("PLAINTEXT://kafka:9092");
        assertThat(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).as("topics come from kafka-init only").isEqualTo("false");
    }

    @Test
    void kafkaInitCreatesEveryTopicWithItsPartitions() {
        Map<String, Object> init = service("kafka-init");
        assertThat(init.get("image")).isEqualTo(Expected.KAFKA_IMAGE);
        assertThat(Yamls.str(init, "depends_on.kafka.condition")).isEqualTo("service_healthy");
        String script = String.join("\n", Yamls.list(init, "command").stream().map(String::valueOf).toList());
        assertThat(script).contains("kafka-topics.sh").contains("--if-not-exists");
        Map<String, Integer> created = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*create\\s+(\\S+)\\s+(\\d+)\\s*$").matcher(script);
        while (m.find()) {
            assertThat(created.put(m.group(1), Integer.parseInt(m.group(2)))).as("%s created twice", m.group(1)).isNull();
        }
        assertThat(created).isEqualTo(new TreeMap<>(Expected.TOPIC_PARTITIONS));
        // Compose would interpolate a bare $1 itself; the shell function's arguments must be written $$1.
        assertThat(script).doesNotContainPattern("[^$]\\$[0-9]");
    }

    @Test
    void eachServiceIsBuiltFromItsFastJarAndSharesTheArtifactVolume() {
        for (String name : Expected.SERVICES) {
            Map<String, Object> s = service(name);
            assertThat(s.get("image")).isEqualTo(Expected.image(name));
            Path context = DOCKER.resolve(Yamls.str(s, "build.context")).normalize();
            assertThat(context).as("%s build context is the repository root", name).isEqualTo(Repo.root());
            assertThat(context.resolve(Yamls.str(s, "build.dockerfile"))).exists();
            assertThat(Yamls.str(s, "build.args.SERVICE")).isEqualTo(name);

            Map<String, String> mounts = mounts(s);
            assertThat(mounts).as("%s volumes", name).containsEntry(Expected.STORE_ROOT, "artifacts")
                    .containsKeys(Expected.DJL_CACHE, Expected.MODEL_CACHE);
            assertThat(s.get("read_only")).as("%s read-only root filesystem", name).isEqualTo(true);
            assertThat(String.valueOf(s.get("user"))).as("%s non-root", name).isIn("185", "1001");
            assertThat(Yamls.list(s, "tmpfs").toString()).contains("/tmp");
            assertThat(Yamls.str(s, "depends_on.kafka-init.condition")).isEqualTo("service_completed_successfully");

            Map<String, Object> env = Yamls.map(s, "environment");
            assertThat(env).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                    .containsEntry("BEDKD_STORE_ROOT", Expected.STORE_ROOT)
                    .containsEntry("QUARKUS_HTTP_PORT", "8080")
                    .containsEntry("DJL_CACHE_DIR", Expected.DJL_CACHE)
                    .containsEntry("BEDKD_CACHE_DIR", Expected.MODEL_CACHE);
            // Everything application.properties reads, but the closed defaults and the Kafka TLS/SASL settings that a
            // PLAINTEXT broker does not use (compose.sasl.yaml sets the SASL ones).
            TreeSet<String> wanted = new TreeSet<>(ServiceProperties.of(name).environmentVariables());
            wanted.removeAll(Expected.ENV_WITH_CLOSED_DEFAULTS);
            wanted.removeAll(Expected.KAFKA_CLIENT_SECURITY_ENV);
            assertThat(env.keySet()).as("%s: env vars its application.properties reads", name).containsAll(wanted);
        }
        assertThat(Yamls.map(compose, "volumes")).containsKey("artifacts");
        assertThat(Yamls.list(compose, "services.evaluator-service.ports")).as("job API on the host")
                .contains("8080:8080");
    }

    @Test
    void gpuOverrideUsesTheCudaImage() {
        Map<String, Object> gpu = Yamls.loadMap("docker/compose.gpu.yaml");
        Map<String, Object> d = Yamls.map(gpu, "services.distiller-service");
        assertThat(d.get("image")).isEqualTo(Expected.CUDA_DISTILLER_IMAGE);
        assertThat(DOCKER.resolve(Yamls.str(d, "build.context")).resolve(Yamls.str(d, "build.dockerfile"))).exists();
        assertThat(Yamls.map(d, "environment")).containsEntry("BEDKD_DISTILLER_DEVICE", "gpu");
        assertThat(Yamls.maps(d, "deploy.resources.reservations.devices")).singleElement()
                .satisfies(dev -> assertThat(dev.get("capabilities")).isEqualTo(List.of("gpu")));
        assertThat(Yamls.map(gpu, "services").keySet()).containsExactly("distiller-service");
    }

    @Test
    void prometheusScrapesTheThreeServicesAndLoadsTheAlertRules() {
        Map<String, Object> prom = Yamls.loadMap("docker/prometheus/prometheus.yml");
        Map<String, Map<String, Object>> jobs = Yamls.maps(prom, "scrape_configs").stream()
                .collect(Collectors.toMap(j -> String.valueOf(j.get("job_name")), j -> j));
        for (String name : Expected.SERVICES) {
            Map<String, Object> job = jobs.get(name);
            assertThat(job).as("scrape job %s (the ServiceDown alert matches job names)", name).isNotNull();
            assertThat(job.get("metrics_path")).isEqualTo(Expected.METRICS);
            assertThat(Yamls.maps(job, "static_configs").get(0).get("targets")).isEqualTo(List.of(name + ":8080"));
        }
        assertThat(jobs).containsKey("kafka-exporter");
        // The rule file is deploy/monitoring/alert-rules.yaml, mounted next to prometheus.yml.
        assertThat(Yamls.list(prom, "rule_files")).containsExactly("rules/alert-rules.yaml");
        assertThat(mounts(service("prometheus"))).containsEntry("/etc/prometheus/rules/alert-rules.yaml",
                "../deploy/monitoring/alert-rules.yaml").containsEntry("/etc/prometheus/prometheus.yml",
                "./prometheus/prometheus.yml");
    }

    @Test
    void grafanaIsProvisionedWithTheDeployDashboard() {
        Map<String, String> mounts = mounts(service("grafana"));
        String dashboardDir = Yamls.str(Yamls.maps(Yamls.loadMap("docker/grafana/provisioning/dashboards/bedkd.yaml"),
                "providers").get(0), "options.path");
        assertThat(mounts).as("the dashboard JSON of deploy/monitoring, mounted where the provider looks")
                .containsEntry(dashboardDir + "/grafana-dashboard-bedkd.json",
                        "../deploy/monitoring/grafana-dashboard-bedkd.json");
        assertThat(mounts).containsEntry("/etc/grafana/provisioning/datasources", "./grafana/provisioning/datasources")
                .containsEntry("/etc/grafana/provisioning/dashboards", "./grafana/provisioning/dashboards");
        Map<String, Object> ds = Yamls.maps(Yamls.loadMap("docker/grafana/provisioning/datasources/prometheus.yaml"),
                "datasources").get(0);
        assertThat(ds).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
        // Every relative bind mount of the stack points at a file or directory that exists.
        for (String svc : Yamls.map(compose, "services").keySet()) {
            mounts(service(svc)).values().stream().filter(src -> src.startsWith("."))
                    .forEach(src -> assertThat(DOCKER.resolve(src).normalize()).as("%s mount %s", svc, src).exists());
        }
    }

    // ---- closed by default ------------------------------------------------------------------------------------

    private static final List<String> COMPOSE_FILES = List.of("docker/compose.yaml", "docker/compose.gpu.yaml",
            "docker/compose.sasl.yaml");
    private static final Pattern REQUIRED_TOKEN = Pattern.compile("\\$\\{BEDKD_API_TOKEN:\\?[^}]+}");
    private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule required";
    private final Map<String, Object> sasl = Yamls.loadMap("docker/compose.sasl.yaml");

    @Test
    void everyServiceRequiresTheApiToken() {
        for (String name : Expected.SERVICES) {
            Map<String, Object> env = Yamls.map(service(name), "environment");
            assertThat(String.valueOf(env.get("BEDKD_API_TOKEN"))).as("%s BEDKD_API_TOKEN: compose's ${VAR:?message}", name)
                    .matches(REQUIRED_TOKEN);
            // A read-only token may be given; empty means none.
            assertThat(env.get("BEDKD_API_READ_TOKEN")).as("%s BEDKD_API_READ_TOKEN", name)
                    .isEqualTo("${BEDKD_API_READ_TOKEN:-}");
        }
        // The overrides never replace the token with an optional or fixed one.
        for (String file : List.of("docker/compose.gpu.yaml", "docker/compose.sasl.yaml")) {
            Map<String, Object> override = Yamls.loadMap(file);
            for (String name : Expected.SERVICES) {
                assertThat(Yamls.map(override, "services." + name + ".environment")).as("%s %s", file, name)
                        .doesNotContainKeys("BEDKD_API_TOKEN", "BEDKD_API_READ_TOKEN");
            }
        }
    }

    @Test
    void noComposeFileEnablesTheInsecureDemo() {
        for (String file : COMPOSE_FILES) {
            assertThat(Repo.read(file)).as(file).doesNotContain(Expected.INSECURE_DEMO_ENV);
        }
    }

    /** The default stack's PLAINTEXT broker is an explicit, local opt-in: services say so, the port is loopback-only. */
    @Test
    void plaintextKafkaIsAnExplicitLocalOptIn() {
        for (String name : Expected.SERVICES) {
            assertThat(Yamls.map(service(name), "environment")).as(name)
                    .containsEntry("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
                    .containsEntry(Expected.PLAINTEXT_ALLOWED_ENV, "true");
        }
        assertThat(Yamls.list(compose, "services.kafka.ports")).isNotEmpty()
                .allSatisfy(p -> assertThat(String.valueOf(p)).as("Kafka host port").startsWith("127.0.0.1:"));
        assertThat(Yamls.map(gpuOverride(), "services.distiller-service.environment"))
                .doesNotContainKeys("KAFKA_SECURITY_PROTOCOL", Expected.PLAINTEXT_ALLOWED_ENV);
    }

    /** compose.sasl.yaml: every Kafka client logs in with SCRAM-SHA-512 as its own user; PLAINTEXT is off. */
    @Test
    void saslOverrideLogsEveryClientInAsItsOwnUser() {
        Map<String, String> users = Map.of("detector-service", "BEDKD_KAFKA_DETECTOR_PASSWORD",
                "distiller-service", "BEDKD_KAFKA_DISTILLER_PASSWORD", "evaluator-service", "BEDKD_KAFKA_EVALUATOR_PASSWORD");
        for (String name : Expected.SERVICES) {
            Map<String, Object> env = mergedEnvironment(name);
            assertThat(env).as(name).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry(Expected.PLAINTEXT_ALLOWED_ENV, "false");
            assertThat(String.valueOf(env.get("KAFKA_SASL_JAAS_CONFIG"))).as("%s JAAS", name)
                    .startsWith(SCRAM_LOGIN + " username=\"" + name + "\" password=\"${" + users.get(name) + ":?")
                    .endsWith("}\";");
            TreeSet<String> wanted = new TreeSet<>(ServiceProperties.of(name).environmentVariables());
            wanted.removeAll(Expected.ENV_WITH_CLOSED_DEFAULTS);
            wanted.removeAll(Set.of("KAFKA_SSL_TRUSTSTORE_LOCATION", "KAFKA_SSL_TRUSTSTORE_PASSWORD",
                    "KAFKA_SSL_TRUSTSTORE_TYPE"));
            assertThat(env.keySet()).as("%s: env vars its application.properties reads", name).containsAll(wanted);
            assertThat(Yamls.str(sasl, "services." + name + ".depends_on.kafka-acls.condition"))
                    .as("%s starts after its ACLs exist", name).isEqualTo("service_completed_successfully");
        }

        // The broker: SASL on every listener but the KRaft controller's, which only the broker reaches (loopback).
        Map<String, Object> kafka = new LinkedHashMap<>(Yamls.map(compose, "services.kafka.environment"));
        kafka.putAll(Yamls.map(sasl, "services.kafka.environment"));
        Map<String, String> protocols = new TreeMap<>();
        for (String pair : String.valueOf(kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).split(",")) {
            protocols.put(pair.split(":")[0], pair.split(":")[1]);
        }
        String controller = String.valueOf(kafka.get("KAFKA_CONTROLLER_LISTENER_NAMES"));
        assertThat(protocols).as("listener protocols").allSatisfy((listener, protocol) -> {
            if (!listener.equals(controller)) {
                assertThat(protocol).as("listener %s", listener).startsWith("SASL_");
            }
        });
        for (String listener : String.valueOf(kafka.get("KAFKA_LISTENERS")).split(",")) {
            if (listener.startsWith(controller + "://")) {
                assertThat(listener).as("controller listener on loopback only").startsWith(controller + "://localhost:");
            }
        }
        assertThat(String.valueOf(kafka.get("KAFKA_ADVERTISED_LISTENERS"))).contains("://kafka:9092")
                .doesNotContain("PLAINTEXT://");
        assertThat(kafka).containsEntry("KAFKA_SASL_ENABLED_MECHANISMS", "SCRAM-SHA-512")
                .containsEntry("KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false");
        assertThat(String.valueOf(kafka.get("KAFKA_SUPER_USERS")).split(";"))
                .containsExactlyInAnyOrder("User:admin", "User:ANONYMOUS");
        assertThat(Yamls.str(sasl, "services.kafka.depends_on.kafka-format.condition"))
                .isEqualTo("service_completed_successfully");

        // kafka-format makes a SCRAM user for every login used here, on the broker's volume and cluster id.
        Map<String, Object> format = Yamls.map(sasl, "services.kafka-format");
        assertThat(format.get("image")).isEqualTo(Expected.KAFKA_IMAGE);
        assertThat(Yamls.str(format, "environment.CLUSTER_ID")).isEqualTo(Yamls.str(compose, "services.kafka.environment.CLUSTER_ID"));
        assertThat(mounts(format)).containsEntry("/var/lib/kafka/data", "kafka-data");
        String formatScript = script(format);
        assertThat(formatScript).contains("kafka-storage.sh format").contains("--add-scram");
        Set<String> scramUsers = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\$\\(scram (\\S+) ").matcher(formatScript);
        while (m.find()) {
            scramUsers.add(m.group(1));
        }
        assertThat(scramUsers).containsExactlyInAnyOrder("admin", "detector-service", "distiller-service",
                "evaluator-service", "kafka-exporter");

        // The one-shot admin containers log in as admin; the exporter as its own user.
        for (String admin : List.of("kafka-init", "kafka-acls")) {
            Map<String, Object> env = Yamls.map(sasl, "services." + admin + ".environment");
            assertThat(env).as(admin).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
            assertThat(String.valueOf(env.get("KAFKA_SASL_JAAS_CONFIG"))).as(admin)
                    .startsWith(SCRAM_LOGIN + " username=\"admin\"");
        }
        assertThat(script(service("kafka-init"))).contains("--command-config /tmp/admin.properties");
        assertThat(Yamls.list(sasl, "services.kafka-exporter.command")).map(String::valueOf)
                .contains("--sasl.enabled", "--sasl.mechanism=scram-sha512", "--sasl.username=kafka-exporter");
    }

    /** The ACLs compose.sasl.yaml creates are those of deploy/base/kafka-users.yaml (and so of the services' needs). */
    @Test
    void saslOverrideAclsAreTheKafkaUsersOfDeploy() {
        Map<String, Set<KafkaAcls.Acl>> compose = KafkaAcls.ofComposeScript(script(Yamls.map(sasl, "services.kafka-acls")));
        Map<String, Set<KafkaAcls.Acl>> kubernetes = new TreeMap<>();
        for (Object doc : Yamls.loadAll(Repo.path("deploy/base/kafka-users.yaml"))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> user = (Map<String, Object>) doc;
            kubernetes.put(Yamls.str(doc, "metadata.name"), KafkaAcls.ofKafkaUser(user));
        }
        for (String name : Expected.SERVICES) {
            assertThat(compose.get(name)).as("compose ACLs of %s", name)
                    .containsExactlyInAnyOrderElementsOf(kubernetes.get(name))
                    .containsExactlyInAnyOrderElementsOf(KafkaAcls.neededBy(name));
        }
        assertThat(compose.keySet()).containsExactlyInAnyOrder("detector-service", "distiller-service",
                "evaluator-service", "kafka-exporter");
        assertThat(compose.get("kafka-exporter")).as("the exporter only describes").isNotEmpty()
                .allSatisfy(acl -> assertThat(acl.operation()).isEqualTo("Describe"));
        OverlayInvariantsTest.assertNoWrite(compose.get("detector-service"), "detector-service", "bedkd.purified",
                "bedkd.evaluations");
        OverlayInvariantsTest.assertNoWrite(compose.get("distiller-service"), "distiller-service", "bedkd.detections",
                "bedkd.jobs");
    }

    /** Compose interpolates ${...} and $VAR itself: the one-shot scripts must write every shell $ as $$. */
    @Test
    void oneShotScriptsEscapeShellVariables() {
        List<String> scripts = List.of(script(service("kafka-init")), script(Yamls.map(sasl, "services.kafka-format")),
                script(Yamls.map(sasl, "services.kafka-acls")));
        for (String script : scripts) {
            assertThat(script.replace("$$", "")).as("a single $ in%n%s", script).doesNotContain("$");
        }
    }

    private Map<String, Object> mergedEnvironment(String name) {
        Map<String, Object> env = new LinkedHashMap<>(Yamls.map(service(name), "environment"));
        env.putAll(Yamls.map(sasl, "services." + name + ".environment"));
        return env;
    }

    private static Map<String, Object> gpuOverride() {
        return Yamls.loadMap("docker/compose.gpu.yaml");
    }

    private static String script(Map<String, Object> service) {
        return String.join("\n", Yamls.list(service, "command").stream().map(String::valueOf).toList());
    }

    /** Container path to source (named volume or relative host path) of a compose service's short-syntax volumes. */
    private static Map<String, String> mounts(Map<String, Object> service) {
        Map<String, String> mounts = new TreeMap<>();
        for (Object v : Yamls.list(service, "volumes")) {
            String[] parts = String.valueOf(v).split(":");
            assertThat(parts.length).as("short volume syntax source:target[:mode]: %s", v).isBetween(2, 3);
            mounts.put(parts[1], parts[0]);
        }
        return mounts;
    }
}
