package org.bedkd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Alert rules (promtool), the PrometheusRule copy of them, and the Grafana dashboard's queries. */
class MonitoringTest {

    private static final String RULES = "deploy/monitoring/alert-rules.yaml";
    private static final String DASHBOARD = "deploy/monitoring/grafana-dashboard-bedkd.json";

    @Test
    void promtoolAcceptsTheAlertRules() {
        Tools.assumePromtool();
        Tools.Result r = Tools.run(Repo.root(), List.of("promtool", "check", "rules", RULES));
        assertThat(r.exitCode()).as("promtool check rules %s:%n%s", RULES, r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    /** docker/prometheus/prometheus.yml with the rule file where compose mounts it. */
    @Test
    void promtoolAcceptsTheComposePrometheusConfig(@TempDir Path dir) throws IOException {
        Tools.assumePromtool();
        Files.copy(Repo.path("docker/prometheus/prometheus.yml"), dir.resolve("prometheus.yml"));
        Files.createDirectories(dir.resolve("rules"));
        Files.copy(Repo.path(RULES), dir.resolve("rules/alert-rules.yaml"));
        Tools.Result r = Tools.run(dir, List.of("promtool", "check", "config", "prometheus.yml"));
        assertThat(r.exitCode()).as("promtool check config:%n%s", r.output()).isZero();
    }

    @Test
    void alertsCoverFailuresLagDeadLettersAndDownServices() {
        Map<String, String> exprByAlert = new java.util.TreeMap<>();
        for (Map<String, Object> group : Yamls.maps(Yamls.loadMap(RULES), "groups")) {
            for (Map<String, Object> rule : Yamls.maps(group, "rules")) {
                assertThat(Yamls.map(rule, "labels")).as("%s severity", rule.get("alert")).containsKey("severity");
                assertThat(Yamls.map(rule, "annotations")).containsKeys("summary", "description");
                exprByAlert.put(String.valueOf(rule.get("alert")), String.valueOf(rule.get("expr")).strip());
            }
        }
        assertThat(exprByAlert.values()).contains("increase(bedkd_jobs_total{outcome=\"failed\"}[15m]) > 0")
                .contains("increase(kafka_topic_partition_current_offset{topic=~\".*\\\\.dlq\"}[10m]) > 0")
                .anyMatch(e -> e.startsWith("up{") && e.endsWith("== 0"))
                .anyMatch(e -> e.contains("kafka_consumergroup_lag"));
        exprByAlert.forEach((alert, expr) -> assertThat(metricNames(expr)).as("metrics of %s", alert)
                .isNotEmpty().isSubsetOf(Expected.KNOWN_METRICS));
        // ServiceDown matches the scrape job names: the Service names on Kubernetes, the compose job names.
        String down = exprByAlert.values().stream().filter(e -> e.startsWith("up{")).findFirst().orElseThrow();
        Matcher m = Pattern.compile("job=~\"([^\"]+)\"").matcher(down);
        assertThat(m.find()).isTrue();
        Expected.SERVICES.forEach(s -> assertThat(s).matches(m.group(1)));
    }

    @Test
    void prometheusRuleCarriesTheSameGroupsAsTheRuleFile() {
        Object ruleFileGroups = Yamls.loadMap(RULES).get("groups");
        Map<String, Object> pr = Yamls.loadMap("deploy/monitoring/prometheus-rule.yaml");
        assertThat(pr.get("kind")).isEqualTo("PrometheusRule");
        assertThat(Yamls.<Object>at(pr, "spec.groups")).as("prometheus-rule.yaml spec.groups = alert-rules.yaml groups")
                .isEqualTo(ruleFileGroups);
    }

    @Test
    void dashboardQueriesOnlyKnownMetricsAndHasTheRequiredPanels() throws IOException {
        JsonNode dash = new ObjectMapper().readTree(Repo.path(DASHBOARD).toFile());
        assertThat(dash.path("uid").asText()).isNotBlank();
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dash.path("panels")) {
            assertThat(panel.path("title").asText()).isNotBlank();
            // Panels use the dashboard's datasource variable, so the JSON works in compose and on Kubernetes.
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            for (JsonNode target : panel.path("targets")) {
                exprs.add(target.path("expr").asText());
            }
        }
        Set<String> normalized = new TreeSet<>();
        exprs.forEach(e -> normalized.add(e.replaceAll("\\s+", "")));
        for (String required : Expected.DASHBOARD_QUERIES) {
            assertThat(normalized).as("dashboard query %s", required).contains(required.replaceAll("\\s+", ""));
        }
        for (String expr : exprs) {
            assertThat(metricNames(expr)).as("metrics in %s", expr).isNotEmpty().isSubsetOf(Expected.KNOWN_METRICS);
        }
        assertThat(metricNames("histogram_quantile(0.9, sum(rate(a_b_bucket{x=\"y\"}[5m])) by (le, stage)) > 1e3"))
                .as("the metric-name extractor itself").containsExactly("a_b_bucket");
    }

    private static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset", "inf", "nan");

    /** Metric names in a PromQL expression: identifiers that are not functions, keywords, labels or durations. */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")    // string literals
                .replaceAll("\\{[^}]*}", " ")                             // label matchers
                .replaceAll("\\[[^\\]]*\\]", " ")                           // range selectors
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " "); // label lists
        Set<String> names = new TreeSet<>();
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            String id = m.group();
            int before = m.start() - 1;
            if (before >= 0 && (Character.isDigit(s.charAt(before)) || s.charAt(before) == '.')) {
                continue; // exponent or unit inside a number (1e3)
            }
            int after = m.end();
            while (after < s.length() && s.charAt(after) == ' ') {
                after++;
            }
            boolean call = after < s.length() && s.charAt(after) == '(';
            if (!call && !KEYWORDS.contains(id.toLowerCase())) {
                names.add(id);
            }
        }
        return names;
    }
}
