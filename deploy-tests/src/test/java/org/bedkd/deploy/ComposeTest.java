package org.bedkd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * docker/compose.yaml (and its GPU, SASL and S3 overrides, Prometheus and Grafana files) agree with the service list,
 * with deploy/ and with what the services read.
 */
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
            wanted.removeIf(v -> Expected.storeEnvWithDefault(v, false));
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
            "docker/compose.sasl.yaml", "docker/compose.s3.yaml");
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
        for (String file : COMPOSE_FILES.subList(1, COMPOSE_FILES.size())) {
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
            wanted.removeIf(v -> Expected.storeEnvWithDefault(v, false));
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
                "evaluator-service", "kafka-exporter", Expected.SCREENING_CLIENT);

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
                "evaluator-service", "kafka-exporter", Expected.SCREENING_CLIENT);
        assertThat(compose.get(Expected.SCREENING_CLIENT)).as("compose ACLs of the screening client")
                .containsExactlyInAnyOrderElementsOf(kubernetes.get(Expected.SCREENING_CLIENT))
                .containsExactlyInAnyOrderElementsOf(Expected.screeningClientAcls());
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
                script(Yamls.map(sasl, "services.kafka-acls")), script(service("minio-init")));
        for (String script : scripts) {
            assertThat(script.replace("$$", "")).as("a single $ in%n%s", script).doesNotContain("$");
        }
    }

    // ---- the S3 artifact store: profile "s3" (MinIO) and compose.s3.yaml --------------------------------------------

    private static final Pattern MINIO_RELEASE = Pattern.compile("RELEASE\\.\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z");
    private final Map<String, Object> s3 = Yamls.loadMap("docker/compose.s3.yaml");

    /** MinIO and its one-shot set-up exist only in the "s3" profile: the default stack neither starts nor needs them. */
    @Test
    void s3ProfileRunsMinioOnLoopbackWithPinnedImages() {
        Map<String, Object> minio = service("minio");
        Map<String, Object> init = service("minio-init");
        assertThat(Yamls.list(minio, "profiles")).containsExactly("s3");
        assertThat(Yamls.list(init, "profiles")).containsExactly("s3");
        for (String name : Yamls.map(compose, "services").keySet()) {
            if (Yamls.list(service(name), "profiles").isEmpty()) {
                Object dependsOn = Yamls.at(service(name), "depends_on");
                List<String> dependencies = (dependsOn instanceof Map<?, ?> m ? m.keySet()
                        : dependsOn instanceof List<?> l ? l : List.<Object>of()).stream().map(String::valueOf).toList();
                assertThat(dependencies).as("%s (default stack) depends on", name).doesNotContain("minio", "minio-init");
            }
        }
        assertThat(String.valueOf(minio.get("image"))).startsWith("quay.io/minio/minio:").containsPattern(MINIO_RELEASE);
        assertThat(String.valueOf(init.get("image"))).startsWith("quay.io/minio/mc:").containsPattern(MINIO_RELEASE);
        assertThat(Yamls.list(minio, "ports")).isNotEmpty()
                .allSatisfy(p -> assertThat(String.valueOf(p)).as("MinIO host port").startsWith("127.0.0.1:"));
        assertThat(Yamls.list(minio, "healthcheck.test")).as("MinIO healthcheck").isNotEmpty();
        assertThat(Yamls.str(init, "depends_on.minio.condition")).isEqualTo("service_healthy");
        assertThat(mounts(minio)).containsEntry("/data", "minio-data");
        assertThat(Yamls.map(compose, "volumes")).containsKey("minio-data");
    }

    /**
     * minio-init makes the bucket and the services' own user, whose policy has the actions of
     * deploy/overlays/s3/iam-policy.json on the bucket and prefix compose.s3.yaml gives the services.
     */
    @Test
    void minioInitCreatesTheBucketAndALeastPrivilegeUser() throws Exception {
        Map<String, Object> init = service("minio-init");
        Map<String, Object> initEnv = Yamls.map(init, "environment");
        String script = script(init);
        assertThat(script).contains("set -eu").contains("mc mb --ignore-existing \"local/$$BEDKD_S3_BUCKET\"")
                .contains("mc admin user add local \"$$BEDKD_S3_ACCESS_KEY\" \"$$BEDKD_S3_SECRET_KEY\"");
        Matcher create = Pattern.compile("mc admin policy create local (\\S+) (\\S+)").matcher(script);
        assertThat(create.find()).as("minio-init creates a policy").isTrue();
        String policyName = create.group(1);
        assertThat(script).contains("mc admin policy attach local " + policyName + " --user \"$$BEDKD_S3_ACCESS_KEY\"");
        // The policy file is the config bedkd-minio-policy, mounted where the script reads it.
        Map<String, Object> config = Yamls.maps(init, "configs").stream()
                .filter(c -> create.group(2).equals(c.get("target"))).findFirst()
                .orElseThrow(() -> new AssertionError("no config mounted at " + create.group(2)));
        String content = Yamls.str(compose, "configs." + config.get("source") + ".content");
        assertThat(content).as("config %s", config.get("source")).isNotBlank();

        String bucket = String.valueOf(initEnv.get("BEDKD_S3_BUCKET"));
        Map<String, Object> serviceEnv = s3Environment(Expected.SERVICES.get(0));
        String prefix = String.valueOf(serviceEnv.get(Expected.S3_PREFIX_ENV)).replaceAll("^/+|/+$", "") + "/";
        ObjectMapper json = new ObjectMapper();
        Set<String> minioActions = new TreeSet<>();
        for (JsonNode st : json.readTree(content).path("Statement")) {
            assertThat(st.path("Effect").asText()).isEqualTo("Allow");
            List<String> resources = strings(st.path("Resource"));
            assertThat(resources).as("MinIO policy statement %s", st).singleElement().satisfies(res ->
                    assertThat(res).isIn("arn:aws:s3:::" + bucket + "/" + prefix + "*", "arn:aws:s3:::" + bucket));
            if (resources.get(0).equals("arn:aws:s3:::" + bucket)) {
                assertThat(strings(st.path("Condition").path("StringLike").path("s3:prefix"))).as("listing %s", st)
                        .containsExactly(prefix + "*");
            }
            minioActions.addAll(strings(st.path("Action")));
        }
        Set<String> iamActions = new TreeSet<>();
        json.readTree(Repo.path("deploy/overlays/s3/iam-policy.json").toFile()).path("Statement")
                .forEach(st -> iamActions.addAll(strings(st.path("Action"))));
        assertThat(minioActions).as("the MinIO user's actions = those of deploy/overlays/s3/iam-policy.json")
                .isEqualTo(iamActions);
        // The services do not log in as MinIO's admin.
        assertThat(initEnv.get("BEDKD_S3_ACCESS_KEY")).isNotEqualTo(initEnv.get("MINIO_ROOT_USER"));
    }

    /** compose.s3.yaml: the three services on MinIO's bucket as its user, without the shared volume. */
    @Test
    void s3OverrideRunsTheServicesOnMinioWithoutTheSharedVolume() {
        assertThat(Yamls.map(s3, "services").keySet()).containsExactlyInAnyOrderElementsOf(Expected.SERVICES);
        Map<String, Object> initEnv = Yamls.map(service("minio-init"), "environment");
        URI endpoint = null;
        Map<String, String> cacheVolumes = new TreeMap<>();
        for (String name : Expected.SERVICES) {
            Map<String, Object> env = s3Environment(name);
            assertThat(env).as(name).containsEntry(Expected.STORE_TYPE_ENV, "s3")
                    .containsEntry(Expected.S3_BUCKET_ENV, initEnv.get("BEDKD_S3_BUCKET"))
                    .containsEntry(Expected.S3_PATH_STYLE_ENV, "true");
            // Logged in as the user minio-init creates: the same variables with the same defaults.
            assertThat(env.get("AWS_ACCESS_KEY_ID")).as("%s AWS_ACCESS_KEY_ID", name).isEqualTo(initEnv.get("BEDKD_S3_ACCESS_KEY"));
            assertThat(env.get("AWS_SECRET_ACCESS_KEY")).as("%s AWS_SECRET_ACCESS_KEY", name)
                    .isEqualTo(initEnv.get("BEDKD_S3_SECRET_KEY"));
            // The endpoint is the minio service on the port it listens on.
            endpoint = URI.create(String.valueOf(env.get(Expected.S3_ENDPOINT_ENV)));
            assertThat(endpoint.getHost()).as("%s endpoint host", name).isEqualTo("minio");
            List<String> command = Yamls.list(service("minio"), "command").stream().map(String::valueOf).toList();
            assertThat(command.get(command.indexOf("--address") + 1)).as("MinIO's S3 address")
                    .isEqualTo(":" + endpoint.getPort());

            // Volumes: compose.yaml's less the shared artifact store (a merge would keep it: !override).
            Object override = Yamls.at(s3, "services." + name + ".volumes");
            assertThat(override).as("%s volumes: !override", name).isInstanceOf(Yamls.OverrideList.class);
            Map<String, String> base = mounts(service(name));
            Map<String, String> merged = mounts(Map.of("volumes", override));
            assertThat(merged).as("%s volumes with compose.s3.yaml", name).doesNotContainKey(Expected.STORE_ROOT)
                    .doesNotContainValue("artifacts");
            Map<String, String> expected = new TreeMap<>(base);
            expected.remove(Expected.STORE_ROOT);
            assertThat(merged).as("%s: every other volume of compose.yaml", name).isEqualTo(expected);
            // The cache lies in a volume of the service's own (the root filesystem is read-only).
            String cache = String.valueOf(env.get(Expected.S3_CACHE_DIR_ENV));
            String volume = merged.entrySet().stream().filter(m -> cache.startsWith(m.getKey() + "/"))
                    .map(Map.Entry::getValue).findFirst()
                    .orElseThrow(() -> new AssertionError(name + ": no volume holds " + cache));
            assertThat(cacheVolumes.put(volume, name)).as("%s: cache volume %s is the service's own", name, volume).isNull();
            assertThat(Yamls.map(compose, "volumes")).containsKey(volume);

            // Starts after the bucket and user exist, and still after the topics.
            assertThat(Yamls.str(s3, "services." + name + ".depends_on.minio-init.condition"))
                    .isEqualTo("service_completed_successfully");
            assertThat(Yamls.str(service(name), "depends_on.kafka-init.condition")).isEqualTo("service_completed_successfully");

            TreeSet<String> wanted = new TreeSet<>(ServiceProperties.of(name).environmentVariables());
            wanted.removeAll(Expected.ENV_WITH_CLOSED_DEFAULTS);
            wanted.removeAll(Expected.KAFKA_CLIENT_SECURITY_ENV);
            wanted.removeIf(v -> Expected.storeEnvWithDefault(v, true));
            assertThat(env.keySet()).as("%s: env vars its application.properties reads", name).containsAll(wanted);
        }
        assertThat(Repo.read("docker/compose.s3.yaml")).as("compose.s3.yaml says how it is used")
                .contains("docker compose -f docker/compose.yaml -f docker/compose.s3.yaml --profile s3 up");
    }

    /** A service's environment with compose.s3.yaml (compose merges environment mappings key by key). */
    private Map<String, Object> s3Environment(String name) {
        Map<String, Object> env = new LinkedHashMap<>(Yamls.map(service(name), "environment"));
        env.putAll(Yamls.map(s3, "services." + name + ".environment"));
        env.values().removeIf(v -> v == Yamls.RESET);
        return env;
    }

    private static List<String> strings(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            return List.of(node.asText());
        }
        List<String> out = new java.util.ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
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
