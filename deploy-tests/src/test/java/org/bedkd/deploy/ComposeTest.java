package org.bedkd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
            TreeSet<String> wanted = new TreeSet<>(ServiceProperties.of(name).environmentVariables());
            assertThat(env.keySet()).as("%s: env vars its application.properties reads", name).containsAll(wanted);
            if (Expected.TOKEN_SERVICES.contains(name)) {
                assertThat(env).containsKey("BEDKD_API_TOKEN");
            }
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
