package org.bedkd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.bedkd.contracts.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Invariants on the rendered output ({@code kubectl kustomize}) of every overlay: dev, prod, hpa, gpu, s3 (S3StoreTest
 * has the S3 store's own checks). Skipped, with the reason printed, when kubectl is not available.
 */
class OverlayInvariantsTest {

    private static final String GPU = "nvidia.com/gpu";

    static Stream<String> overlays() {
        return Expected.OVERLAYS.stream();
    }

    // ---- workloads ---------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void oneDeploymentPerServiceAndNothingElse(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        assertThat(r.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(Expected.SERVICES);
        assertThat(r.docs).allSatisfy(d -> assertThat(d.get("kind")).isNotIn("StatefulSet", "DaemonSet", "Pod", "Job"));
        assertThat(r.docs).allSatisfy(d -> assertThat(Yamls.str(d, "metadata.namespace"))
                .as("%s %s namespace", d.get("kind"), Yamls.str(d, "metadata.name")).isEqualTo("bedkd"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void probesUseTheHealthEndpointsOnPort8080(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        for (String service : Expected.SERVICES) {
            Container c = container(r, service);
            assertHttpProbe(service + " liveness", c.getLivenessProbe(), Expected.LIVENESS, c);
            assertHttpProbe(service + " readiness", c.getReadinessProbe(), Expected.READINESS, c);
            // The first start unpacks libtorch: a startup probe keeps liveness from killing it meanwhile.
            Probe startup = c.getStartupProbe();
            assertThat(startup).as("%s startupProbe", service).isNotNull();
            assertThat(port(startup.getHttpGet().getPort(), c)).isEqualTo(Expected.CONTAINER_PORT);
            int startupBudget = startup.getPeriodSeconds() * startup.getFailureThreshold();
            assertThat(startupBudget).as("%s seconds allowed for the first start", service).isGreaterThanOrEqualTo(120);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void resourcesAreRequestedAndMemoryIsLimited(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        for (String service : Expected.SERVICES) {
            Container c = container(r, service);
            Map<String, Quantity> requests = c.getResources().getRequests();
            Map<String, Quantity> limits = c.getResources().getLimits();
            assertThat(requests).as("%s requests", service).containsKeys("cpu", "memory");
            assertThat(limits).as("%s limits", service).containsKey("memory");
            assertThat(bytes(limits.get("memory"))).as("%s memory limit >= request", service)
                    .isGreaterThanOrEqualTo(bytes(requests.get("memory")));
            if (!overlay.equals("dev")) {
                List<String> expected = Expected.RESOURCES.get(service);
                assertThat(bytes(requests.get("cpu"))).as("%s cpu request", service).isEqualByComparingTo(bytes(expected.get(0)));
                assertThat(bytes(requests.get("memory"))).as("%s memory request", service)
                        .isEqualByComparingTo(bytes(expected.get(1)));
                assertThat(bytes(limits.get("memory"))).as("%s memory limit", service)
                        .isEqualByComparingTo(bytes(expected.get(2)));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void podsRunLockedDown(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        for (String service : Expected.SERVICES) {
            PodSpec pod = pod(r, service);
            Container c = container(r, service);
            PodSecurityContext psc = Objects.requireNonNullElse(pod.getSecurityContext(), new PodSecurityContext());
            SecurityContext sc = Objects.requireNonNullElse(c.getSecurityContext(), new SecurityContext());
            String what = overlay + "/" + service;
            assertThat(Boolean.TRUE.equals(sc.getRunAsNonRoot()) || Boolean.TRUE.equals(psc.getRunAsNonRoot()))
                    .as("%s runAsNonRoot", what).isTrue();
            Long uid = sc.getRunAsUser() != null ? sc.getRunAsUser() : psc.getRunAsUser();
            assertThat(uid).as("%s uid (the images use 185)", what).isIn(185L, 1001L);
            assertThat(sc.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", what).isTrue();
            assertThat(sc.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", what).isFalse();
            assertThat(sc.getPrivileged()).as("%s privileged", what).isNotEqualTo(Boolean.TRUE);
            assertThat(sc.getCapabilities().getDrop()).as("%s drops", what).contains("ALL");
            assertThat(sc.getCapabilities().getAdd()).as("%s adds no capability", what).isNullOrEmpty();
            String seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType()
                    : psc.getSeccompProfile() != null ? psc.getSeccompProfile().getType() : null;
            assertThat(seccomp).as("%s seccomp", what).isEqualTo("RuntimeDefault");
            assertThat(pod.getHostNetwork()).as("%s hostNetwork", what).isNotEqualTo(Boolean.TRUE);

            assertThat(pod.getServiceAccountName()).as("%s serviceAccountName", what).isEqualTo(service);
            assertThat(pod.getAutomountServiceAccountToken()).as("%s automountServiceAccountToken", what).isFalse();
            ServiceAccount sa = r.one(ServiceAccount.class, service);
            assertThat(sa.getAutomountServiceAccountToken()).as("%s service account automount", what).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void imagesAndPortsAreTheServiceList(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        for (String service : Expected.SERVICES) {
            assertThat(pod(r, service).getContainers()).as("%s containers", service).hasSize(1);
            Container c = container(r, service);
            String image = overlay.equals("gpu") && service.equals("distiller-service")
                    ? Expected.CUDA_DISTILLER_IMAGE : Expected.image(service);
            assertThat(c.getImage()).as("%s/%s image", overlay, service).isEqualTo(image);
            assertThat(c.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                    .as("%s ports", service).containsExactly(org.assertj.core.groups.Tuple.tuple(
                            Expected.PORT_NAME, Expected.CONTAINER_PORT));
        }
    }

    // ---- configuration and storage -------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void environmentCoversWhatTheServicesRead(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        for (String service : Expected.SERVICES) {
            Container c = container(r, service);
            assertThat(c.getEnvFrom()).extracting(e -> e.getConfigMapRef() == null ? null : e.getConfigMapRef().getName())
                    .as("%s envFrom", service).contains(service + "-config");
            Map<String, String> env = effectiveEnv(r, c);
            assertThat(env).as("%s/%s environment", overlay, service).containsAllEntriesOf(Expected.commonEnv(overlay));
            boolean s3 = Expected.s3(overlay);
            if (s3) {
                assertThat(env).as("%s/%s: the S3 store, in a bucket", overlay, service)
                        .containsEntry(Expected.STORE_TYPE_ENV, "s3").containsKey(Expected.S3_BUCKET_ENV)
                        .doesNotContainKey(Expected.STORE_ROOT_ENV);
            } else {
                assertThat(env.getOrDefault(Expected.STORE_TYPE_ENV, "filesystem")).as("%s/%s store type", overlay, service)
                        .isEqualTo("filesystem");
                assertThat(env.keySet()).as("%s/%s: no S3 settings", overlay, service)
                        .noneMatch(k -> k.startsWith(Expected.S3_ENV_PREFIX));
            }

            Map<String, SecretKeySelector> secrets = secretEnv(c);
            assertThat(secrets.keySet()).as("%s/%s environment from Secrets", overlay, service)
                    .containsExactlyInAnyOrder("BEDKD_API_TOKEN", "BEDKD_API_READ_TOKEN", "KAFKA_SASL_JAAS_CONFIG",
                            "KAFKA_SSL_TRUSTSTORE_PASSWORD");
            SecretKeySelector readToken = secrets.get("BEDKD_API_READ_TOKEN");
            assertThat(readToken.getName()).isEqualTo(Expected.API_TOKEN_SECRET);
            assertThat(readToken.getKey()).isEqualTo(Expected.API_READ_TOKEN_KEY);
            assertThat(readToken.getOptional()).as("the read-only token is optional").isTrue();

            // Everything application.properties takes from the environment is provided, or left at its closed default.
            Set<String> provided = new TreeSet<>(env.keySet());
            provided.addAll(secrets.keySet());
            provided.addAll(Expected.ENV_WITH_CLOSED_DEFAULTS);
            Set<String> read = ServiceProperties.of(service).environmentVariables().stream()
                    .filter(v -> !Expected.storeEnvWithDefault(v, s3)).collect(Collectors.toSet());
            assertThat(provided).as("%s: env vars its application.properties reads", service).containsAll(read);

            if (service.equals("distiller-service")) {
                assertThat(env.get("BEDKD_DISTILLER_DEVICE")).as("%s distiller device", overlay)
                        .isEqualTo(overlay.equals("gpu") ? "gpu" : "cpu");
            }
        }
    }

    // ---- closed by default ------------------------------------------------------------------------------------

    /** Every service refuses to start without BEDKD_API_TOKEN, so its Secret reference must not be optional. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyDeploymentRequiresTheApiTokenSecret(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        assertThat(r.all(Deployment.class)).isNotEmpty().allSatisfy(d -> {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                String what = overlay + "/" + d.getMetadata().getName() + "/" + c.getName();
                List<EnvVar> token = nullSafe(c.getEnv()).stream().filter(e -> e.getName().equals("BEDKD_API_TOKEN"))
                        .collect(Collectors.toList());
                assertThat(token).as("%s sets BEDKD_API_TOKEN once", what).hasSize(1);
                assertThat(token.get(0).getValue()).as("%s: the token is never a literal", what).isNull();
                SecretKeySelector ref = token.get(0).getValueFrom() == null ? null
                        : token.get(0).getValueFrom().getSecretKeyRef();
                assertThat(ref).as("%s BEDKD_API_TOKEN from a Secret", what).isNotNull();
                assertThat(ref.getName()).isEqualTo(Expected.API_TOKEN_SECRET);
                assertThat(ref.getKey()).isEqualTo(Expected.API_TOKEN_KEY);
                assertThat(ref.getOptional()).as("%s: the API token Secret is required (optional: false)", what)
                        .isNotEqualTo(Boolean.TRUE);
                // Not also from a ConfigMap, where an empty value could shadow the Secret.
                for (EnvFromSource from : nullSafe(c.getEnvFrom())) {
                    if (from.getConfigMapRef() != null) {
                        assertThat(nullSafe(r.one(ConfigMap.class, from.getConfigMapRef().getName()).getData()))
                                .as("%s ConfigMap", what).doesNotContainKey("BEDKD_API_TOKEN");
                    }
                    assertThat(from.getSecretRef()).as("%s: no envFrom Secrets (named keys only)", what).isNull();
                }
            }
        });
    }

    /** BEDKD_INSECURE_LOCAL_DEMO is for a local demo only; PLAINTEXT Kafka is not used on Kubernetes at all. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void noManifestOpensAService(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        for (Map<String, Object> doc : r.docs) {
            String what = overlay + ": " + doc.get("kind") + " " + Yamls.str(doc, "metadata.name");
            assertThat(String.valueOf(doc)).as(what).doesNotContain(Expected.INSECURE_DEMO_ENV)
                    .doesNotContain(Expected.PLAINTEXT_ALLOWED_ENV);
        }
        for (String service : Expected.SERVICES) {
            assertThat(effectiveEnv(r, container(r, service)).get("KAFKA_SECURITY_PROTOCOL"))
                    .as("%s/%s Kafka protocol", overlay, service).isEqualTo("SASL_SSL");
        }
    }

    /** SASL_SSL with SCRAM-SHA-512: the login from the KafkaUser's Secret, the brokers' CA from Strimzi's Secret. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void servicesLogInToKafkaWithScramOverTls(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Map<String, Object> kafka = r.kind("Kafka", Expected.KAFKA_CLUSTER);
        for (String service : Expected.SERVICES) {
            String what = overlay + "/" + service;
            Container c = container(r, service);
            Map<String, String> env = effectiveEnv(r, c);
            assertThat(env).as(what).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12")
                    .doesNotContainKeys("KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_PASSWORD");

            // The bootstrap address is a TLS listener that authenticates with SCRAM-SHA-512.
            int port = Integer.parseInt(env.get("KAFKA_BOOTSTRAP_SERVERS").replaceAll(".*:", ""));
            assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS")).startsWith(Expected.KAFKA_CLUSTER + "-kafka-bootstrap:");
            assertThat(Yamls.maps(kafka, "spec.kafka.listeners")).as("%s: listener on %d", what, port).anySatisfy(l -> {
                assertThat(((Number) l.get("port")).intValue()).isEqualTo(port);
                assertThat(l.get("tls")).isEqualTo(true);
                assertThat(Yamls.str(l, "authentication.type")).isEqualTo("scram-sha-512");
            });

            Map<String, SecretKeySelector> secrets = secretEnv(c);
            SecretKeySelector jaas = secrets.get("KAFKA_SASL_JAAS_CONFIG");
            assertThat(jaas).as("%s KAFKA_SASL_JAAS_CONFIG from a Secret", what).isNotNull();
            assertThat(jaas.getName()).as("%s: the Secret Strimzi writes for its KafkaUser", what).isEqualTo(service);
            assertThat(jaas.getKey()).isEqualTo("sasl.jaas.config");
            assertThat(jaas.getOptional()).isNotEqualTo(Boolean.TRUE);
            assertThat(r.kind("KafkaUser", service)).as("%s KafkaUser", what).isNotNull();

            SecretKeySelector storePassword = secrets.get("KAFKA_SSL_TRUSTSTORE_PASSWORD");
            assertThat(storePassword.getName()).isEqualTo(Expected.KAFKA_CLUSTER_CA_SECRET);
            assertThat(storePassword.getKey()).isEqualTo("ca.password");
            assertThat(storePassword.getOptional()).isNotEqualTo(Boolean.TRUE);

            // The truststore file is ca.p12 of the cluster CA Secret, mounted read-only.
            String location = env.get("KAFKA_SSL_TRUSTSTORE_LOCATION");
            Map<String, Volume> volumes = pod(r, service).getVolumes().stream()
                    .collect(Collectors.toMap(Volume::getName, v -> v));
            VolumeMount mount = c.getVolumeMounts().stream().filter(m -> location.startsWith(m.getMountPath() + "/"))
                    .findFirst().orElseThrow(() -> new AssertionError(what + ": nothing mounted at " + location));
            assertThat(mount.getReadOnly()).as("%s truststore mount read-only", what).isTrue();
            Volume volume = volumes.get(mount.getName());
            assertThat(volume.getSecret()).as("%s truststore volume is a Secret", what).isNotNull();
            assertThat(volume.getSecret().getSecretName()).isEqualTo(Expected.KAFKA_CLUSTER_CA_SECRET);
            String file = location.substring(mount.getMountPath().length() + 1);
            assertThat(volume.getSecret().getItems()).as("%s truststore file", what)
                    .anySatisfy(i -> {
                        assertThat(i.getKey()).isEqualTo("ca.p12");
                        assertThat(i.getPath()).isEqualTo(file);
                    });
        }
    }

    /**
     * One KafkaUser per service with exactly the ACLs its application.properties needs; the detector can never write
     * purified models or evaluations, the distiller never detections or jobs. The screening client streams data in
     * and reads verdicts; other users (KEDA's) only Describe.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void kafkaUsersGrantLeastPrivilege(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        for (Map<String, Object> user : r.kind("KafkaUser")) {
            String name = Yamls.str(user, "metadata.name");
            assertThat(Yamls.map(user, "metadata.labels")).as("%s labels", name)
                    .containsEntry("strimzi.io/cluster", Expected.KAFKA_CLUSTER);
            assertThat(Yamls.str(user, "spec.authentication.type")).as("%s authentication", name).isEqualTo("scram-sha-512");
            assertThat(Yamls.str(user, "spec.authorization.type")).as("%s authorization", name).isEqualTo("simple");
            Set<KafkaAcls.Acl> acls = KafkaAcls.ofKafkaUser(user);
            assertThat(acls).as("%s ACLs", name).isNotEmpty().allSatisfy(acl -> {
                assertThat(acl.name()).as("%s: no wildcard", name).isNotEqualTo("*").isNotBlank();
                assertThat(acl.type()).as("%s: no cluster-wide rights", name).isIn("topic", "group");
                if (acl.type().equals("topic") && !Expected.SERVICES.contains(name)) {
                    assertThat(Expected.TOPIC_PARTITIONS).as("%s: a BeDKD topic", name).containsKey(acl.name());
                }
            });
            if (Expected.SERVICES.contains(name)) {
                assertThat(acls).as("%s/%s: exactly what its application.properties uses", overlay, name)
                        .containsExactlyInAnyOrderElementsOf(KafkaAcls.neededBy(name));
            } else if (name.equals(Expected.SCREENING_CLIENT)) {
                assertThat(acls).as("%s/%s: screening in, verdicts out", overlay, name)
                        .containsExactlyInAnyOrderElementsOf(Expected.screeningClientAcls());
                assertNoWrite(acls, name, "bedkd.jobs", "bedkd.screening.clean", "bedkd.screening.quarantine",
                        "bedkd.screening.in.dlq");
            } else {
                assertThat(acls).as("%s/%s: read-only metadata access", overlay, name)
                        .allSatisfy(acl -> assertThat(acl.operation()).isEqualTo("Describe"));
            }
        }
        for (String service : Expected.SERVICES) {
            assertThat(r.kind("KafkaUser", service)).as("%s KafkaUser", service).isNotNull();
        }
        assertNoWrite(KafkaAcls.ofKafkaUser(r.kind("KafkaUser", "detector-service")), "detector-service",
                "bedkd.purified", "bedkd.evaluations");
        assertNoWrite(KafkaAcls.ofKafkaUser(r.kind("KafkaUser", "distiller-service")), "distiller-service",
                "bedkd.detections", "bedkd.jobs");
    }

    static void assertNoWrite(Set<KafkaAcls.Acl> acls, String user, String... topics) {
        for (String topic : topics) {
            assertThat(acls).as("%s must not be able to write %s", user, topic)
                    .noneSatisfy(acl -> assertThat(acl.covers("topic", topic) && acl.writes()).isTrue());
        }
    }

    /** The shared volume (filesystem store), or with S3 no volume at all and a per-pod emptyDir for the cache. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void artifactStoreIsSharedAndScratchDirsAreEmptyDirs(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        boolean s3 = Expected.s3(overlay);
        if (s3) {
            assertThat(r.all(PersistentVolumeClaim.class)).as("%s: no PersistentVolumeClaim", overlay).isEmpty();
        } else {
            PersistentVolumeClaim pvc = r.one(PersistentVolumeClaim.class, Expected.ARTIFACTS_PVC);
            if (overlay.equals("dev")) {
                assertThat(pvc.getSpec().getAccessModes()).containsAnyOf("ReadWriteMany", "ReadWriteOnce");
            } else {
                assertThat(pvc.getSpec().getAccessModes()).as("%s artifact PVC", overlay).containsExactly("ReadWriteMany");
            }
        }
        for (String service : Expected.SERVICES) {
            Map<String, Volume> volumes = pod(r, service).getVolumes().stream()
                    .collect(Collectors.toMap(Volume::getName, v -> v));
            Map<String, Volume> byMountPath = new HashMap<>();
            for (VolumeMount m : container(r, service).getVolumeMounts()) {
                byMountPath.put(m.getMountPath(), volumes.get(m.getName()));
            }
            Volume artifacts = byMountPath.get(Expected.STORE_ROOT);
            if (s3) {
                assertThat(artifacts).as("%s/%s: nothing at %s", overlay, service, Expected.STORE_ROOT).isNull();
                assertThat(volumes.values()).as("%s/%s: no PVC volume", overlay, service)
                        .allSatisfy(v -> assertThat(v.getPersistentVolumeClaim()).isNull());
                String cache = effectiveEnv(r, container(r, service)).get(Expected.S3_CACHE_DIR_ENV);
                assertThat(cache).as("%s/%s %s", overlay, service, Expected.S3_CACHE_DIR_ENV).isNotBlank();
                assertThat(byMountPath.get(cache)).as("%s/%s mounts %s", overlay, service, cache).isNotNull();
                assertThat(byMountPath.get(cache).getEmptyDir()).as("%s/%s %s is an emptyDir", overlay, service, cache)
                        .isNotNull();
            } else {
                assertThat(artifacts).as("%s mounts %s", service, Expected.STORE_ROOT).isNotNull();
                assertThat(artifacts.getPersistentVolumeClaim().getClaimName()).isEqualTo(Expected.ARTIFACTS_PVC);
            }
            for (String scratch : List.of(Expected.DJL_CACHE, Expected.MODEL_CACHE, "/tmp")) {
                assertThat(byMountPath.get(scratch)).as("%s mounts %s", service, scratch).isNotNull();
                assertThat(byMountPath.get(scratch).getEmptyDir()).as("%s %s is an emptyDir", service, scratch).isNotNull();
            }
        }
    }

    /**
     * emptyDirs count against the pod's ephemeral storage: each has a sizeLimit, and together they fit the containers'
     * ephemeral-storage limits (else the kubelet evicts a pod before a volume reaches its own limit).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void emptyDirsFitTheEphemeralStorageLimit(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        for (String service : Expected.SERVICES) {
            PodSpec pod = pod(r, service);
            BigDecimal emptyDirs = BigDecimal.ZERO;
            for (Volume v : pod.getVolumes()) {
                if (v.getEmptyDir() != null) {
                    assertThat(v.getEmptyDir().getSizeLimit()).as("%s/%s emptyDir %s sizeLimit", overlay, service,
                            v.getName()).isNotNull();
                    emptyDirs = emptyDirs.add(bytes(v.getEmptyDir().getSizeLimit()));
                }
            }
            BigDecimal limit = BigDecimal.ZERO;
            for (Container c : pod.getContainers()) {
                Quantity q = Objects.requireNonNullElse(c.getResources().getLimits(), Map.<String, Quantity>of())
                        .get("ephemeral-storage");
                assertThat(q).as("%s/%s/%s ephemeral-storage limit", overlay, service, c.getName()).isNotNull();
                limit = limit.add(bytes(q));
            }
            assertThat(emptyDirs).as("%s/%s: emptyDir size limits <= ephemeral-storage limit", overlay, service)
                    .isLessThanOrEqualTo(limit);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void onlyTheGpuOverlaysDistillerRequestsGpus(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        for (Deployment d : r.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            boolean wantsGpu = overlay.equals("gpu") && name.equals("distiller-service");
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                Map<String, Quantity> limits = Objects.requireNonNullElse(c.getResources().getLimits(), Map.of());
                Map<String, Quantity> requests = Objects.requireNonNullElse(c.getResources().getRequests(), Map.of());
                if (wantsGpu) {
                    assertThat(limits.get(GPU)).as("gpu distiller limit").isNotNull();
                    assertThat(bytes(limits.get(GPU))).isEqualByComparingTo(BigDecimal.ONE);
                } else {
                    assertThat(limits).as("%s/%s limits", overlay, name).doesNotContainKey(GPU);
                    assertThat(requests).as("%s/%s requests", overlay, name).doesNotContainKey(GPU);
                }
            }
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            if (wantsGpu) {
                assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
                assertThat(pod.getTolerations()).anySatisfy(t -> {
                    assertThat(t.getKey()).isEqualTo(GPU);
                    assertThat(t.getEffect()).isEqualTo("NoSchedule");
                });
            } else {
                assertThat(pod.getNodeSelector()).as("%s/%s nodeSelector", overlay, name).isNullOrEmpty();
            }
        }
    }

    // ---- networking, availability, monitoring ----------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void aServiceOnPort80SelectsEachDeployment(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        for (String service : Expected.SERVICES) {
            Service svc = r.one(Service.class, service);
            assertThat(selects(svc.getSpec().getSelector(), podLabels(r, service))).as("Service %s selects its pods", service)
                    .isTrue();
            ServicePort http = svc.getSpec().getPorts().stream().filter(p -> Expected.PORT_NAME.equals(p.getName()))
                    .findFirst().orElseThrow(() -> new AssertionError(service + ": no port named http"));
            assertThat(http.getPort()).isEqualTo(Expected.SERVICE_PORT);
            assertThat(port(http.getTargetPort(), container(r, service))).isEqualTo(Expected.CONTAINER_PORT);
        }
        for (Service svc : r.all(Service.class)) {
            assertThat(Expected.SERVICES.stream().anyMatch(s -> selects(svc.getSpec().getSelector(), podLabels(r, s))))
                    .as("Service %s selects a Deployment", svc.getMetadata().getName()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void prometheusScrapesEveryService(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        for (String service : Expected.SERVICES) {
            Service svc = r.one(Service.class, service);
            List<Map<String, Object>> monitors = r.kind("ServiceMonitor").stream()
                    .filter(m -> selects(Yamls.map(m, "spec.selector.matchLabels"), svc.getMetadata().getLabels()))
                    .filter(m -> Yamls.maps(m, "spec.endpoints").stream().anyMatch(e ->
                            Expected.PORT_NAME.equals(e.get("port")) && Expected.METRICS.equals(e.get("path"))))
                    .collect(Collectors.toList());
            List<Map<String, Object>> podMonitors = r.kind("PodMonitor").stream()
                    .filter(m -> selects(Yamls.map(m, "spec.selector.matchLabels"), podLabels(r, service)))
                    .filter(m -> Yamls.maps(m, "spec.podMetricsEndpoints").stream().anyMatch(e ->
                            Expected.PORT_NAME.equals(e.get("port")) && Expected.METRICS.equals(e.get("path"))))
                    .collect(Collectors.toList());
            assertThat(monitors.size() + podMonitors.size()).as("%s: monitors scraping %s on %s", overlay, service,
                    Expected.METRICS).isEqualTo(1);
        }
        assertThat(r.kind("PodMonitor")).as("the Kafka exporter is scraped (lag, DLQ offsets)")
                .anySatisfy(m -> assertThat(Yamls.map(m, "spec.selector.matchLabels"))
                        .containsEntry("strimzi.io/name", Expected.KAFKA_CLUSTER + "-kafka-exporter"));
        assertThat(r.kind("PrometheusRule")).hasSize(1);
        assertThat(r.kind("ConfigMap").stream().filter(cm -> "1".equals(Yamls.str(cm, "metadata.labels.grafana_dashboard"))))
                .as("Grafana dashboard ConfigMap").singleElement()
                .satisfies(cm -> assertThat(Yamls.map(cm, "data")).containsKey("grafana-dashboard-bedkd.json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void disruptionBudgetsCoverEveryDeployment(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        for (String service : Expected.SERVICES) {
            assertThat(r.all(PodDisruptionBudget.class))
                    .filteredOn(p -> selects(p.getSpec().getSelector(), podLabels(r, service)))
                    .as("%s PDB", service).singleElement()
                    .satisfies(p -> assertThat(p.getSpec().getMinAvailable() == null
                            || p.getSpec().getMaxUnavailable() == null).isTrue());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void networkPoliciesAllowOnlyWhatMustTalk(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        for (String service : Expected.SERVICES) {
            List<NetworkPolicy> policies = r.all(NetworkPolicy.class).stream()
                    .filter(np -> selects(np.getSpec().getPodSelector(), podLabels(r, service)))
                    .collect(Collectors.toList());
            assertThat(policies).as("%s network policies", service).isNotEmpty();
            assertThat(policies.stream().flatMap(np -> np.getSpec().getPolicyTypes().stream()))
                    .as("%s isolated both ways", service).contains("Ingress", "Egress");

            // Ingress: 8080 only; Prometheus always; clients only for the job API and the detector.
            Set<Integer> ingressPorts = new TreeSet<>();
            boolean fromPrometheus = false;
            boolean fromClients = false;
            for (NetworkPolicy np : policies) {
                for (var rule : nullSafe(np.getSpec().getIngress())) {
                    nullSafe(rule.getPorts()).forEach(p -> ingressPorts.add(p.getPort().getIntVal()));
                    assertThat(rule.getPorts()).as("%s ingress rule names its ports", service).isNotEmpty();
                    assertThat(rule.getFrom()).as("%s ingress rule names its peers", service).isNotEmpty();
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        Map<String, String> pods = peer.getPodSelector() == null ? Map.of()
                                : nullSafe(peer.getPodSelector().getMatchLabels());
                        fromPrometheus |= "prometheus".equals(pods.get("app.kubernetes.io/name"));
                        fromClients |= pods.containsKey("bedkd.io/client");
                        assertThat(peer.getIpBlock()).as("%s: no CIDR peers", service).isNull();
                    }
                }
            }
            assertThat(ingressPorts).as("%s ingress ports", service).containsExactly(Expected.CONTAINER_PORT);
            assertThat(fromPrometheus).as("%s: Prometheus may scrape", service).isTrue();
            assertThat(fromClients).as("%s: clients may call it", service)
                    .isEqualTo(!service.equals("distiller-service"));

            // Egress: the Kafka brokers' SCRAM/TLS listener and DNS on 53, with the S3 store HTTPS; nothing else.
            // Addresses (ipBlock) only for HTTPS to S3, which no selector can name.
            Set<Integer> egressPorts = new TreeSet<>();
            boolean toKafka = false;
            for (NetworkPolicy np : policies) {
                for (var rule : nullSafe(np.getSpec().getEgress())) {
                    Set<Integer> ports = nullSafe(rule.getPorts()).stream().map(NetworkPolicyPort::getPort)
                            .map(IntOrString::getIntVal).collect(Collectors.toSet());
                    egressPorts.addAll(ports);
                    assertThat(rule.getPorts()).as("%s egress rule names its ports", service).isNotEmpty();
                    assertThat(rule.getTo()).as("%s egress rule names its peers", service).isNotEmpty();
                    if (ports.contains(Expected.KAFKA_PORT)) {
                        toKafka |= rule.getTo().stream().anyMatch(p -> p.getPodSelector() != null
                                && Expected.KAFKA_CLUSTER.equals(nullSafe(p.getPodSelector().getMatchLabels())
                                        .get("strimzi.io/cluster")));
                    }
                    if (rule.getTo().stream().anyMatch(p -> p.getIpBlock() != null)) {
                        assertThat(ports).as("%s: address-based egress is HTTPS to S3 only", service)
                                .containsExactly(Expected.HTTPS_PORT);
                        assertThat(nullSafe(rule.getPorts())).allSatisfy(p -> assertThat(p.getProtocol()).isEqualTo("TCP"));
                    }
                }
            }
            if (Expected.s3(overlay)) {
                assertThat(egressPorts).as("%s/%s egress ports", overlay, service)
                        .containsExactlyInAnyOrder(Expected.KAFKA_PORT, 53, Expected.HTTPS_PORT);
            } else {
                assertThat(egressPorts).as("%s egress ports", service).containsExactlyInAnyOrder(Expected.KAFKA_PORT, 53);
            }
            assertThat(toKafka).as("%s may reach the bedkd Kafka pods", service).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everythingIsLabelled(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        for (Map<String, Object> d : r.docs) {
            String what = d.get("kind") + " " + Yamls.str(d, "metadata.name");
            Map<String, Object> labels = Yamls.map(d, "metadata.labels");
            assertThat(labels).as("%s labels", what).containsEntry("app.kubernetes.io/part-of", "bedkd");
            String name = Yamls.str(d, "metadata.name");
            Expected.SERVICES.stream().filter(s -> name.equals(s) || name.equals(s + "-config")).findFirst()
                    .ifPresent(s -> assertThat(labels).as("%s labels", what).containsEntry("app", s)
                            .containsEntry("app.kubernetes.io/name", s));
        }
        for (String service : Expected.SERVICES) {
            assertThat(podLabels(r, service)).containsEntry("app", service).containsEntry("app.kubernetes.io/name", service)
                    .containsEntry("app.kubernetes.io/part-of", "bedkd");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void replicasAndSpread(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        for (Deployment d : r.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            if (overlay.equals("dev")) {
                assertThat(d.getSpec().getReplicas()).as("dev %s replicas", name).isEqualTo(1);
            } else {
                assertThat(d.getSpec().getReplicas()).as("%s %s replicas", overlay, name).isEqualTo(2);
                assertThat(d.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                        .as("%s %s topology spread", overlay, name).isNotEmpty()
                        .allSatisfy(t -> assertThat(selects(t.getLabelSelector(), podLabels(r, name))).isTrue());
            }
        }
    }

    // ---- Kafka ----------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void kafkaTopicsAreEveryTopicTheServicesName(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Map<String, Integer> partitions = new TreeMap<>();
        int brokers = ((Number) Yamls.at(r.kind("KafkaNodePool").get(0), "spec.replicas")).intValue();
        for (Map<String, Object> t : r.kind("KafkaTopic")) {
            String topic = Objects.requireNonNullElse(Yamls.str(t, "spec.topicName"), Yamls.str(t, "metadata.name"));
            assertThat(Yamls.map(t, "metadata.labels")).as("%s labels", topic)
                    .containsEntry("strimzi.io/cluster", Expected.KAFKA_CLUSTER);
            assertThat(partitions.put(topic, ((Number) Yamls.at(t, "spec.partitions")).intValue()))
                    .as("%s declared twice", topic).isNull();
            int replicas = ((Number) Yamls.at(t, "spec.replicas")).intValue();
            assertThat(replicas).as("%s replicas <= brokers", topic).isBetween(1, brokers);
        }
        assertThat(partitions).as("%s KafkaTopics", overlay).isEqualTo(new TreeMap<>(Expected.TOPIC_PARTITIONS));
        assertThat(partitions.keySet()).as("org.bedkd.contracts.Topics.all()").containsAll(Topics.all());
        for (String service : Expected.SERVICES) {
            assertThat(partitions.keySet()).as("topics named in %s/application.properties", service)
                    .containsAll(ServiceProperties.of(service).topics());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void kafkaIsAKraftClusterWithTheExporter(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Map<String, Object> kafka = r.kind("Kafka", Expected.KAFKA_CLUSTER);
        assertThat(Yamls.map(kafka, "metadata.annotations")).containsEntry("strimzi.io/kraft", "enabled")
                .containsEntry("strimzi.io/node-pools", "enabled");
        assertThat(Yamls.str(kafka, "spec.kafka.version")).isEqualTo(Expected.KAFKA_VERSION);
        assertThat(Yamls.<Object>at(kafka, "spec.kafkaExporter")).as("kafkaExporter (lag metrics)").isNotNull();
        assertThat(Yamls.<Object>at(kafka, "spec.entityOperator.topicOperator")).as("topic operator for KafkaTopics").isNotNull();
        assertThat(Yamls.<Object>at(kafka, "spec.zookeeper")).as("no ZooKeeper").isNull();
        // Closed by default: KAFKA_BOOTSTRAP_SERVERS=bedkd-kafka-bootstrap:9093 is an internal TLS listener with SCRAM;
        // no listener is plaintext or unauthenticated, and ACLs (KafkaUsers) are enforced.
        assertThat(Yamls.maps(kafka, "spec.kafka.listeners")).anySatisfy(l -> {
            assertThat(((Number) l.get("port")).intValue()).isEqualTo(Expected.KAFKA_PORT);
            assertThat(l.get("type")).isEqualTo("internal");
        }).allSatisfy(l -> {
            assertThat(l.get("tls")).as("listener %s uses TLS", l.get("name")).isEqualTo(true);
            assertThat(Yamls.str(l, "authentication.type")).as("listener %s authenticates", l.get("name"))
                    .isEqualTo("scram-sha-512");
        });
        assertThat(Yamls.str(kafka, "spec.kafka.authorization.type")).as("ACLs enforced").isEqualTo("simple");
        assertThat(Yamls.<Object>at(kafka, "spec.entityOperator.userOperator")).as("user operator for KafkaUsers")
                .isNotNull();
        assertThat(r.kind("KafkaNodePool")).allSatisfy(pool -> {
            assertThat(Yamls.map(pool, "metadata.labels")).containsEntry("strimzi.io/cluster", Expected.KAFKA_CLUSTER);
            assertThat(Yamls.list(pool, "spec.roles")).containsExactlyInAnyOrder("controller", "broker");
        }).isNotEmpty();
        int brokers = ((Number) Yamls.at(r.kind("KafkaNodePool").get(0), "spec.replicas")).intValue();
        assertThat(brokers).as("%s brokers", overlay).isEqualTo(overlay.equals("dev") ? 1 : 3);
        Map<String, Object> config = Yamls.map(kafka, "spec.kafka.config");
        assertThat(((Number) config.get("offsets.topic.replication.factor")).intValue()).isLessThanOrEqualTo(brokers);
        assertThat(((Number) config.get("min.insync.replicas")).intValue()).isLessThanOrEqualTo(brokers);
    }

    // ---- autoscaling ----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void autoscalingFollowsTheConsumerGroups(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        List<Map<String, Object>> scaledObjects = r.kind("ScaledObject");
        List<HorizontalPodAutoscaler> hpas = r.all(HorizontalPodAutoscaler.class);
        switch (overlay) {
            case "prod", "gpu", "s3" -> {
                assertThat(scaledObjects).as("%s ScaledObjects", overlay).hasSize(Expected.SERVICES.size());
                assertThat(hpas).as("%s: KEDA makes its own HPAs", overlay).isEmpty();
            }
            case "hpa" -> {
                assertThat(scaledObjects).as("hpa overlay is for clusters without KEDA").isEmpty();
                assertThat(hpas).extracting(h -> h.getSpec().getScaleTargetRef().getName())
                        .containsExactlyInAnyOrderElementsOf(Expected.SERVICES);
                assertThat(hpas).allSatisfy(h -> {
                    assertThat(h.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
                    assertThat(h.getSpec().getMetrics()).anySatisfy(m ->
                            assertThat(m.getResource().getName()).isEqualTo("cpu"));
                    assertThat(h.getSpec().getMaxReplicas()).isLessThanOrEqualTo(maxPartitions(h.getSpec()
                            .getScaleTargetRef().getName()));
                });
            }
            default -> {
                assertThat(scaledObjects).as("dev: no KEDA").isEmpty();
                assertThat(hpas).as("dev: no autoscaling").isEmpty();
            }
        }
        for (Map<String, Object> so : scaledObjects) {
            String target = Yamls.str(so, "spec.scaleTargetRef.name");
            assertThat(r.find(Deployment.class, target)).as("ScaledObject target %s", target).isPresent();
            Set<String> topics = new TreeSet<>();
            for (Map<String, Object> trigger : Yamls.maps(so, "spec.triggers")) {
                assertThat(trigger.get("type")).isEqualTo("kafka");
                Map<String, Object> md = Yamls.map(trigger, "metadata");
                assertThat(md.get("bootstrapServers")).isEqualTo(Expected.KAFKA_BOOTSTRAP);
                assertThat(md).as("%s: KEDA logs in like the services", target).containsEntry("sasl", "scram_sha512")
                        .containsEntry("tls", "enable");
                assertKedaCanDescribe(r, trigger, target, (String) md.get("topic"));
                assertThat(md.get("consumerGroup")).as("%s consumer group", target).isEqualTo(target);
                assertThat(md.get("lagThreshold")).as("lagThreshold is a string of digits").isInstanceOf(String.class);
                long lag = Long.parseLong((String) md.get("lagThreshold"));
                String topic = (String) md.get("topic");
                assertThat(lag).as("%s lag threshold", topic).isEqualTo(topic.startsWith("bedkd.screening") ? 500 : 2);
                topics.add(topic);
            }
            ServiceProperties props = ServiceProperties.of(target);
            assertThat(props.applicationName()).as("consumer group = quarkus.application.name").isEqualTo(target);
            assertThat(topics).as("%s scales on what its consumer group reads (application.properties)", target)
                    .isEqualTo(props.consumedTopicsBySharedGroup().get(target))
                    .isEqualTo(Expected.CONSUMED_BY_SERVICE_GROUP.get(target));
            int max = ((Number) Yamls.at(so, "spec.maxReplicaCount")).intValue();
            assertThat(max).as("%s maxReplicaCount <= partitions", target).isLessThanOrEqualTo(maxPartitions(target));
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** The trigger's TriggerAuthentication: user name, the password of a KafkaUser that may Describe what it watches. */
    private static void assertKedaCanDescribe(Rendered r, Map<String, Object> trigger, String group, String topic) {
        String authName = Yamls.str(trigger, "authenticationRef.name");
        assertThat(authName).as("%s trigger authenticationRef", group).isNotNull();
        Map<String, Object> auth = r.kind("TriggerAuthentication", authName);
        Map<String, Map<String, Object>> refs = Yamls.maps(auth, "spec.secretTargetRef").stream()
                .collect(Collectors.toMap(ref -> String.valueOf(ref.get("parameter")), ref -> ref));
        assertThat(refs).as("TriggerAuthentication %s", authName).containsOnlyKeys("username", "password", "ca");
        assertThat(refs.get("ca")).containsEntry("name", Expected.KAFKA_CLUSTER_CA_SECRET).containsEntry("key", "ca.crt");
        String user = Yamls.str(refs.get("password"), "name");
        assertThat(refs.get("password")).containsEntry("key", "password");
        Map<String, Object> kafkaUser = r.kind("KafkaUser", user);
        // The user name Secret is in the render (Strimzi's Secret has the password only) and names that user.
        String usernameSecret = Yamls.str(refs.get("username"), "name");
        Map<String, Object> secret = r.kind("Secret", usernameSecret);
        assertThat(Yamls.str(secret, "stringData." + Yamls.str(refs.get("username"), "key")))
                .as("user name in Secret %s", usernameSecret).isEqualTo(user);
        Set<KafkaAcls.Acl> acls = KafkaAcls.ofKafkaUser(kafkaUser);
        assertThat(acls).as("KafkaUser %s may describe topic %s", user, topic)
                .anySatisfy(a -> assertThat(a.covers("topic", topic) && a.operation().equals("Describe")).isTrue());
        assertThat(acls).as("KafkaUser %s may describe group %s", user, group)
                .anySatisfy(a -> assertThat(a.covers("group", group) && a.operation().equals("Describe")).isTrue());
    }

    static Map<String, SecretKeySelector> secretEnv(Container c) {
        return nullSafe(c.getEnv()).stream()
                .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .collect(Collectors.toMap(EnvVar::getName, e -> e.getValueFrom().getSecretKeyRef()));
    }

    private static int maxPartitions(String service) {
        return Expected.CONSUMED_BY_SERVICE_GROUP.get(service).stream().mapToInt(Expected.TOPIC_PARTITIONS::get).max()
                .orElseThrow();
    }

    static PodSpec pod(Rendered r, String service) {
        return r.one(Deployment.class, service).getSpec().getTemplate().getSpec();
    }

    static Map<String, String> podLabels(Rendered r, String service) {
        return r.one(Deployment.class, service).getSpec().getTemplate().getMetadata().getLabels();
    }

    static Container container(Rendered r, String service) {
        return pod(r, service).getContainers().stream().filter(c -> service.equals(c.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(r.target + ": no container named " + service));
    }

    /** Env a container sees: its ConfigMap envFrom entries, then plain env values (which win). */
    static Map<String, String> effectiveEnv(Rendered r, Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : nullSafe(c.getEnvFrom())) {
            if (from.getConfigMapRef() != null) {
                ConfigMap cm = r.one(ConfigMap.class, from.getConfigMapRef().getName());
                env.putAll(cm.getData());
            }
        }
        for (EnvVar e : nullSafe(c.getEnv())) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            }
        }
        return env;
    }

    private static void assertHttpProbe(String what, Probe probe, String path, Container c) {
        assertThat(probe).as(what).isNotNull();
        assertThat(probe.getHttpGet()).as(what + " httpGet").isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(what + " path").isEqualTo(path);
        assertThat(port(probe.getHttpGet().getPort(), c)).as(what + " port").isEqualTo(Expected.CONTAINER_PORT);
    }

    /** A numeric port, or a named one resolved against the container's ports. */
    private static int port(IntOrString port, Container c) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .map(ContainerPort::getContainerPort)
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
    }

    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        assertThat(selector.getMatchExpressions()).as("selectors here use matchLabels only").isNullOrEmpty();
        return selects(selector.getMatchLabels(), labels);
    }

    private static boolean selects(Map<String, ?> matchLabels, Map<String, String> labels) {
        return matchLabels != null && !matchLabels.isEmpty() && labels != null
                && matchLabels.entrySet().stream().allMatch(e -> String.valueOf(e.getValue()).equals(labels.get(e.getKey())));
    }

    static BigDecimal bytes(Quantity q) {
        return Quantity.getAmountInBytes(q);
    }

    private static BigDecimal bytes(String q) {
        return Quantity.getAmountInBytes(new Quantity(q));
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> nullSafe(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
