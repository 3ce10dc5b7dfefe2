package org.bedkd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;

/**
 * The artifact store on S3 (deploy/components/s3-store), on every render that uses it: deploy/overlays/s3 (Amazon S3,
 * IRSA) and the fixtures under deploy-tests/src/test/resources/kustomize, which build what deploy/README.md tells users
 * to write: static keys (components/s3-static-credentials) on overlays/s3, and the dev overlay on an in-cluster MinIO.
 * OverlayInvariantsTest runs every other invariant on overlays/s3 as on the other overlays.
 */
class S3StoreTest {

    private static final String STATIC_CREDENTIALS_FIXTURE = "s3-static-credentials";
    private static final String MINIO_FIXTURE = "s3-minio-on-dev";
    private static final String ROLE_ARN = "arn:aws[a-z-]*:iam::\\d{12}:role/\\S+";

    /** "overlays/&lt;name&gt;" for deploy/overlays, "fixture:&lt;name&gt;" for the test fixtures. */
    static Stream<String> s3Renders() {
        return Stream.concat(Expected.S3_OVERLAYS.stream().sorted().map(o -> "overlays/" + o),
                Stream.of("fixture:" + STATIC_CREDENTIALS_FIXTURE, "fixture:" + MINIO_FIXTURE));
    }

    static Stream<String> s3Overlays() {
        return Expected.S3_OVERLAYS.stream().sorted();
    }

    private static Rendered render(String id) {
        return id.startsWith("fixture:") ? Rendered.fixture(id.substring("fixture:".length())) : Rendered.of(id);
    }

    // ---- every render with the S3 store -------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("s3Renders")
    void noSharedVolumeIsLeft(String id) {
        Rendered r = render(id);
        // Also what makes the generated ConfigMap's name reach the Deployments: one namespace for everything.
        assertThat(r.docs).allSatisfy(d -> assertThat(Yamls.str(d, "metadata.namespace"))
                .as("%s: %s %s namespace", id, d.get("kind"), Yamls.str(d, "metadata.name")).isEqualTo("bedkd"));
        assertThat(r.kind("PersistentVolumeClaim")).as("%s: no PersistentVolumeClaim", id).isEmpty();
        for (String service : Expected.SERVICES) {
            String what = id + "/" + service;
            PodSpec pod = OverlayInvariantsTest.pod(r, service);
            assertThat(pod.getVolumes()).as("%s volumes", what)
                    .allSatisfy(v -> assertThat(v.getPersistentVolumeClaim()).as("%s volume %s", what, v.getName()).isNull());
            Container c = OverlayInvariantsTest.container(r, service);
            assertThat(c.getVolumeMounts()).extracting(VolumeMount::getMountPath).as("%s mounts", what)
                    .allSatisfy(path -> assertThat(path + "/").doesNotStartWith(Expected.STORE_ROOT + "/"));
            assertThat(OverlayInvariantsTest.effectiveEnv(r, c)).as("%s environment", what)
                    .doesNotContainKey(Expected.STORE_ROOT_ENV);
        }
    }

    /** The three services must read and write one store: same bucket, prefix, region, endpoint, addressing. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("s3Renders")
    void theThreeServicesShareOneS3Store(String id) {
        Rendered r = render(id);
        Set<List<String>> stores = new HashSet<>();
        for (String service : Expected.SERVICES) {
            String what = id + "/" + service;
            Map<String, String> env = OverlayInvariantsTest.effectiveEnv(r, OverlayInvariantsTest.container(r, service));
            assertThat(env).as("%s environment", what).containsEntry(Expected.STORE_TYPE_ENV, "s3");
            assertThat(env.get(Expected.S3_BUCKET_ENV)).as("%s bucket", what).isNotBlank();
            String endpoint = env.get(Expected.S3_ENDPOINT_ENV);
            if (endpoint != null) {
                URI uri = URI.create(endpoint);
                assertThat(uri.getScheme()).as("%s endpoint %s", what, endpoint).isIn("http", "https");
                assertThat(uri.getHost()).as("%s endpoint %s host", what, endpoint).isNotBlank();
            }
            stores.add(List.of(env.get(Expected.S3_BUCKET_ENV), prefix(env), env.getOrDefault(Expected.S3_REGION_ENV,
                    "us-east-1"), Objects.toString(endpoint), env.getOrDefault(Expected.S3_PATH_STYLE_ENV, "false")));
            // The settings come from the store's one ConfigMap, not from a copy per service.
            assertThat(OverlayInvariantsTest.container(r, service).getEnvFrom())
                    .as("%s reads ConfigMap %s", what, Expected.S3_STORE_CONFIG_MAP)
                    .anySatisfy(e -> assertThat(e.getConfigMapRef().getName()).startsWith(Expected.S3_STORE_CONFIG_MAP + "-"));
        }
        assertThat(stores).as("%s: one store for the three services", id).hasSize(1);
    }

    /** The local cache: a path of its own on a pod-local emptyDir, so a pod downloads a model once and nothing is shared. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("s3Renders")
    void theCacheIsAnEmptyDirOfItsOwn(String id) {
        Rendered r = render(id);
        for (String service : Expected.SERVICES) {
            String what = id + "/" + service;
            Container c = OverlayInvariantsTest.container(r, service);
            String cache = OverlayInvariantsTest.effectiveEnv(r, c).get(Expected.S3_CACHE_DIR_ENV);
            assertThat(cache).as("%s %s", what, Expected.S3_CACHE_DIR_ENV).startsWith("/");
            List<VolumeMount> mounts = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(cache)).toList();
            assertThat(mounts).as("%s: a volume mounted at %s", what, cache).singleElement()
                    .satisfies(m -> assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE));
            String volumeName = mounts.get(0).getName();
            Volume volume = OverlayInvariantsTest.pod(r, service).getVolumes().stream()
                    .filter(v -> v.getName().equals(volumeName)).findFirst().orElseThrow();
            assertThat(volume.getEmptyDir()).as("%s: %s is an emptyDir", what, cache).isNotNull();
            assertThat(volume.getEmptyDir().getSizeLimit()).as("%s: %s sizeLimit", what, cache).isNotNull();
            // The store evicts before the kubelet would evict the pod.
            String budget = OverlayInvariantsTest.effectiveEnv(r, c).get(Expected.S3_CACHE_MAX_BYTES_ENV);
            assertThat(budget).as("%s %s", what, Expected.S3_CACHE_MAX_BYTES_ENV).isNotNull();
            assertThat(new java.math.BigDecimal(budget)).as("%s: cache budget under the emptyDir's limit", what)
                    .isLessThan(io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                            volume.getEmptyDir().getSizeLimit()));
            // Closed by default: no job may make the services read another bucket until the operator names it.
            assertThat(OverlayInvariantsTest.effectiveEnv(r, c).get(Expected.S3_USER_BUCKETS_ENV))
                    .as("%s %s", what, Expected.S3_USER_BUCKETS_ENV).isNull();
            assertThat(c.getVolumeMounts()).as("%s: volume %s is the cache's only", what, volumeName)
                    .filteredOn(m -> m.getName().equals(volumeName)).hasSize(1);
        }
    }

    /** NetworkPolicies isolate egress: the store's port must be open (HTTPS to AWS, or the endpoint's port). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("s3Renders")
    void egressReachesTheStore(String id) {
        Rendered r = render(id);
        for (String service : Expected.SERVICES) {
            String what = id + "/" + service;
            String endpoint = OverlayInvariantsTest.effectiveEnv(r, OverlayInvariantsTest.container(r, service))
                    .get(Expected.S3_ENDPOINT_ENV);
            int port = endpoint == null ? Expected.HTTPS_PORT : port(URI.create(endpoint));
            List<NetworkPolicyEgressRule> rules = r.all(NetworkPolicy.class).stream()
                    .filter(np -> OverlayInvariantsTest.selects(np.getSpec().getPodSelector(),
                            OverlayInvariantsTest.podLabels(r, service)))
                    .flatMap(np -> Objects.requireNonNullElse(np.getSpec().getEgress(), List.<NetworkPolicyEgressRule>of())
                            .stream())
                    .toList();
            assertThat(rules).as("%s: an egress rule for TCP %d (S3 store %s)", what, port,
                    endpoint == null ? "on AWS" : endpoint).anySatisfy(rule -> {
                        assertThat(rule.getPorts()).anySatisfy(p -> {
                            assertThat(p.getPort()).isEqualTo(new IntOrString(port));
                            assertThat(p.getProtocol()).isEqualTo("TCP");
                        });
                        assertThat(rule.getTo()).isNotEmpty();
                        if (endpoint == null) {
                            // AWS's addresses: no selector names them.
                            assertThat(rule.getTo()).allSatisfy(peer -> assertThat(peer.getIpBlock()).isNotNull());
                        }
                    });
        }
    }

    /** IRSA (the ServiceAccount's role) or static keys from Secret bedkd-s3-credentials; never a key in a manifest. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("s3Renders")
    void credentialsComeFromIrsaOrFromTheSecret(String id) {
        Rendered r = render(id);
        for (String service : Expected.SERVICES) {
            String what = id + "/" + service;
            PodSpec pod = OverlayInvariantsTest.pod(r, service);
            Container c = OverlayInvariantsTest.container(r, service);
            ServiceAccount sa = r.one(ServiceAccount.class, pod.getServiceAccountName());
            boolean irsa = Objects.requireNonNullElse(sa.getMetadata().getAnnotations(), Map.<String, String>of())
                    .getOrDefault(Expected.IRSA_ANNOTATION, "").matches(ROLE_ARN);
            Map<String, SecretKeySelector> secrets = OverlayInvariantsTest.secretEnv(c);
            boolean staticKeys = secrets.keySet().containsAll(Expected.AWS_KEY_ENV);
            assertThat(irsa || staticKeys).as("%s: S3 credentials from IRSA (%s on ServiceAccount %s) or Secret %s",
                    what, Expected.IRSA_ANNOTATION, sa.getMetadata().getName(), Expected.S3_CREDENTIALS_SECRET).isTrue();
            for (String key : Expected.AWS_KEY_ENV) {
                if (secrets.containsKey(key)) {
                    assertThat(secrets.get(key).getName()).as("%s %s Secret", what, key).isEqualTo(Expected.S3_CREDENTIALS_SECRET);
                    assertThat(secrets.get(key).getKey()).as("%s %s key", what, key).isEqualTo(key);
                    assertThat(secrets.get(key).getOptional()).as("%s %s required", what, key).isNotEqualTo(Boolean.TRUE);
                }
            }
            assertThat(Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())).as("%s: no literal AWS credentials", what)
                    .filteredOn(e -> e.getName().startsWith("AWS_")).allSatisfy(e -> assertThat(e.getValue()).isNull());
            assertThat(OverlayInvariantsTest.effectiveEnv(r, c).keySet()).as("%s: no AWS credentials in a ConfigMap", what)
                    .doesNotContainAnyElementsOf(Expected.AWS_KEY_ENV).doesNotContain("AWS_SESSION_TOKEN");
            // IRSA projects a token of its own: the Kubernetes API token stays unmounted.
            assertThat(pod.getAutomountServiceAccountToken()).as("%s automountServiceAccountToken", what).isFalse();
            assertThat(sa.getAutomountServiceAccountToken()).as("%s ServiceAccount automount", what).isFalse();
        }
    }

    // ---- deploy/overlays/s3: Amazon S3 with IRSA -----------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("s3Overlays")
    void s3OverlayUsesAmazonS3WithIrsa(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Set<String> roles = new TreeSet<>();
        for (String service : Expected.SERVICES) {
            String what = overlay + "/" + service;
            ServiceAccount sa = r.one(ServiceAccount.class, OverlayInvariantsTest.pod(r, service).getServiceAccountName());
            assertThat(sa.getMetadata().getName()).isEqualTo(service);
            String role = Objects.requireNonNullElse(sa.getMetadata().getAnnotations(), Map.<String, String>of())
                    .get(Expected.IRSA_ANNOTATION);
            assertThat(role).as("%s ServiceAccount %s", what, Expected.IRSA_ANNOTATION).matches(ROLE_ARN);
            roles.add(role);
            Container c = OverlayInvariantsTest.container(r, service);
            Map<String, String> env = OverlayInvariantsTest.effectiveEnv(r, c);
            assertThat(env).as("%s: Amazon S3 (no endpoint override), in a region", what)
                    .doesNotContainKey(Expected.S3_ENDPOINT_ENV).containsKey(Expected.S3_REGION_ENV);
            assertThat(OverlayInvariantsTest.secretEnv(c)).as("%s: no static keys", what)
                    .doesNotContainKeys(Expected.AWS_KEY_ENV.toArray(String[]::new));
        }
        assertThat(roles).as("%s: one role for the three services", overlay).hasSize(1);
        assertThat(r.all(ServiceAccount.class)).as("%s: only the services' ServiceAccounts carry a role", overlay)
                .filteredOn(sa -> sa.getMetadata().getAnnotations() != null
                        && sa.getMetadata().getAnnotations().containsKey(Expected.IRSA_ANNOTATION))
                .extracting(sa -> sa.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(Expected.SERVICES);
    }

    /**
     * iam-policy.json: what the store does (objects under the prefix: get/head, put/multipart, delete, abort; listing
     * the prefix), on the bucket and prefix the overlay configures, and nothing else.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("s3Overlays")
    void iamPolicyGrantsWhatTheStoreNeedsOnItsPrefixOnly(String overlay) throws Exception {
        Rendered r = Rendered.overlay(overlay);
        Map<String, String> env = OverlayInvariantsTest.effectiveEnv(r,
                OverlayInvariantsTest.container(r, Expected.SERVICES.get(0)));
        String bucket = env.get(Expected.S3_BUCKET_ENV);
        String prefix = prefix(env);
        JsonNode policy = new ObjectMapper().readTree(Repo.path("deploy/overlays/" + overlay + "/iam-policy.json").toFile());
        assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
        Set<String> objectActions = new TreeSet<>();
        Set<String> bucketActions = new TreeSet<>();
        for (JsonNode statement : policy.path("Statement")) {
            assertThat(statement.path("Effect").asText()).as("policy statement %s", statement).isEqualTo("Allow");
            assertThat(statement.has("NotAction") || statement.has("NotResource") || statement.has("Principal"))
                    .as("no NotAction / NotResource / Principal: %s", statement).isFalse();
            List<String> actions = strings(statement.path("Action"));
            List<String> resources = strings(statement.path("Resource"));
            assertThat(actions).as("no wildcard actions: %s", statement).noneMatch(a -> a.contains("*"));
            if (resources.equals(List.of("arn:aws:s3:::" + bucket + "/" + prefix + "*"))) {
                objectActions.addAll(actions);
            } else {
                assertThat(resources).as("a statement on the objects under %s/%s or on the bucket itself: %s", bucket,
                        prefix, statement).containsExactly("arn:aws:s3:::" + bucket);
                assertThat(strings(statement.path("Condition").path("StringLike").path("s3:prefix")))
                        .as("listing limited to the prefix: %s", statement).containsExactly(prefix + "*");
                bucketActions.addAll(actions);
            }
        }
        assertThat(objectActions).as("object actions on %s/%s*", bucket, prefix)
                .containsExactlyInAnyOrderElementsOf(Expected.S3_OBJECT_ACTIONS);
        assertThat(bucketActions).as("bucket actions on %s", bucket)
                .containsExactlyInAnyOrderElementsOf(Expected.S3_BUCKET_ACTIONS);
        assertThat(Repo.read("deploy/README.md")).contains("deploy/overlays/" + overlay + "/iam-policy.json");
    }

    // ---- components/s3-static-credentials ------------------------------------------------------------------------

    /** The component adds the two keys from the Secret to each service and changes nothing else. */
    @Test
    void staticCredentialsComponentAddsTheSecretKeysAndNothingElse() throws Exception {
        Rendered plain = Rendered.overlay("s3");
        Rendered keyed = Rendered.fixture(STATIC_CREDENTIALS_FIXTURE);
        ObjectMapper json = new ObjectMapper();
        List<Map<String, Object>> withoutKeys = new ArrayList<>();
        for (Map<String, Object> doc : keyed.docs) {
            @SuppressWarnings("unchecked")
            Map<String, Object> copy = json.readValue(json.writeValueAsString(doc), Map.class); // a deep copy
            if ("Deployment".equals(copy.get("kind"))) {
                for (Map<String, Object> container : Yamls.maps(copy, "spec.template.spec.containers")) {
                    List<Map<String, Object>> env = Yamls.maps(container, "env");
                    List<Map<String, Object>> added = env.stream()
                            .filter(e -> Expected.AWS_KEY_ENV.contains(String.valueOf(e.get("name")))).toList();
                    assertThat(added).as("%s: the keys added", Yamls.str(copy, "metadata.name"))
                            .extracting(e -> e.get("name")).containsExactlyInAnyOrderElementsOf(Expected.AWS_KEY_ENV);
                    assertThat(added).allSatisfy(e -> assertThat(Yamls.str(e, "valueFrom.secretKeyRef.name"))
                            .isEqualTo(Expected.S3_CREDENTIALS_SECRET));
                    container.put("env", env.stream().filter(e -> !added.contains(e)).toList());
                }
            }
            withoutKeys.add(copy);
        }
        assertThat(withoutKeys).as("overlays/s3 + s3-static-credentials, less the two keys, is overlays/s3")
                .isEqualTo(plain.docs);
    }

    /** deploy/README.md creates the Secret with exactly the keys the component reads. */
    @Test
    void readmeCreatesTheSecretTheComponentReads() {
        Rendered keyed = Rendered.fixture(STATIC_CREDENTIALS_FIXTURE);
        Set<String> keys = new TreeSet<>();
        for (String service : Expected.SERVICES) {
            OverlayInvariantsTest.secretEnv(OverlayInvariantsTest.container(keyed, service)).values().stream()
                    .filter(s -> s.getName().equals(Expected.S3_CREDENTIALS_SECRET)).map(SecretKeySelector::getKey)
                    .forEach(keys::add);
        }
        assertThat(keys).isNotEmpty();
        String readme = Repo.read("deploy/README.md").replaceAll("\\\\\\n\\s*", "");
        String create = "kubectl -n bedkd create secret generic " + Expected.S3_CREDENTIALS_SECRET;
        assertThat(readme).contains(create);
        String command = readme.substring(readme.indexOf(create)).lines().findFirst().orElseThrow();
        assertThat(keys).allSatisfy(k -> assertThat(command).contains("--from-literal=" + k + "="));
    }

    /** With the filesystem store nothing of S3 is rendered. */
    @Test
    void filesystemOverlaysHaveNoS3Store() {
        for (String overlay : Expected.OVERLAYS) {
            if (Expected.s3(overlay)) {
                continue;
            }
            Rendered r = Rendered.overlay(overlay);
            assertThat(r.all(ConfigMap.class)).extracting(cm -> cm.getMetadata().getName()).as(overlay)
                    .noneMatch(n -> n.startsWith(Expected.S3_STORE_CONFIG_MAP));
            assertThat(r.all(ServiceAccount.class)).as("%s: no IRSA role", overlay).allSatisfy(sa -> assertThat(
                    Objects.requireNonNullElse(sa.getMetadata().getAnnotations(), Map.<String, String>of()))
                    .doesNotContainKey(Expected.IRSA_ANNOTATION));
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** The key prefix as the store uses it (S3StoreSettings): "" or without leading slashes, ending in one "/". */
    private static String prefix(Map<String, String> env) {
        String p = env.getOrDefault(Expected.S3_PREFIX_ENV, "");
        return p.isBlank() ? "" : p.replaceAll("^/+|/+$", "") + "/";
    }

    private static int port(URI endpoint) {
        return endpoint.getPort() != -1 ? endpoint.getPort() : endpoint.getScheme().equals("https") ? 443 : 80;
    }

    private static List<String> strings(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (node.isArray()) {
            List<String> out = new ArrayList<>();
            node.forEach(n -> out.add(n.asText()));
            return out;
        }
        return List.of(node.asText());
    }
}
