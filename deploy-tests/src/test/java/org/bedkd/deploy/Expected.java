package org.bedkd.deploy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The facts docker/ and deploy/ must agree with (issue #5). The services are written to these; where a fact can be
 * read from the services themselves (topics, consumer groups, environment variables), the tests read it from their
 * application.properties too and compare.
 */
final class Expected {

    static final List<String> SERVICES = List.of("detector-service", "distiller-service", "evaluator-service");

    static final String VERSION = "0.1.0";
    static final String CUDA_DISTILLER_IMAGE = "bedkd/distiller-service-cuda:" + VERSION;

    static String image(String service) {
        return "bedkd/" + service + ":" + VERSION;
    }

    /** Every service listens on 8080 in a container (QUARKUS_HTTP_PORT); Services expose it as port 80 "http". */
    static final int CONTAINER_PORT = 8080;
    static final int SERVICE_PORT = 80;
    static final String PORT_NAME = "http";
    static final String LIVENESS = "/q/health/live";
    static final String READINESS = "/q/health/ready";
    static final String METRICS = "/q/metrics";

    static final String KAFKA_CLUSTER = "bedkd";
    /** The only client listener: TLS with SCRAM-SHA-512 (there is no plaintext listener on Kubernetes). */
    static final int KAFKA_PORT = 9093;
    static final String KAFKA_BOOTSTRAP = "bedkd-kafka-bootstrap:" + KAFKA_PORT;
    static final String KAFKA_CLUSTER_CA_SECRET = KAFKA_CLUSTER + "-cluster-ca-cert";
    static final String KAFKA_TRUSTSTORE = "/etc/bedkd/kafka-ca/ca.p12";
    static final String KAFKA_VERSION = "4.1.0";
    static final String KAFKA_IMAGE = "apache/kafka:" + KAFKA_VERSION;

    static final String STORE_ROOT = "/data/artifacts";
    static final String DJL_CACHE = "/data/djl";
    static final String MODEL_CACHE = "/data/cache";
    static final String ARTIFACTS_PVC = "bedkd-artifacts";
    static final String API_TOKEN_SECRET = "bedkd-api-token";
    static final String API_TOKEN_KEY = "token";
    static final String API_READ_TOKEN_KEY = "read-token";

    /** Only for a throwaway local demo: no manifest under deploy/ and no compose file may set it. */
    static final String INSECURE_DEMO_ENV = "BEDKD_INSECURE_LOCAL_DEMO";
    /** PLAINTEXT Kafka opt-in: the default compose stack only; Kubernetes uses SASL_SSL everywhere. */
    static final String PLAINTEXT_ALLOWED_ENV = "BEDKD_KAFKA_PLAINTEXT_ALLOWED";

    /** Variables application.properties reads that a deployment need not set (their defaults are the closed ones). */
    static final Set<String> ENV_WITH_CLOSED_DEFAULTS = Set.of(INSECURE_DEMO_ENV, PLAINTEXT_ALLOWED_ENV);

    /** Kafka client TLS/SASL settings, unused with the default compose stack's PLAINTEXT broker. */
    static final Set<String> KAFKA_CLIENT_SECURITY_ENV = Set.of("KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG",
            "KAFKA_SSL_TRUSTSTORE_LOCATION", "KAFKA_SSL_TRUSTSTORE_PASSWORD", "KAFKA_SSL_TRUSTSTORE_TYPE");

    /** Topic name to partitions: the contract module's declaration, the one source of truth. */
    static final Map<String, Integer> TOPIC_PARTITIONS = Map.copyOf(org.bedkd.contracts.Topics.partitions());

    /** Work-sharing consumer groups (= service name) and the topics they consume: what KEDA scales on. */
    static final Map<String, Set<String>> CONSUMED_BY_SERVICE_GROUP = Map.of(
            "detector-service", Set.of("bedkd.jobs", "bedkd.screening.in"),
            "distiller-service", Set.of("bedkd.detections"),
            "evaluator-service", Set.of("bedkd.purified"));

    /** Environment every service container gets on Kubernetes (its ConfigMap), with its value. */
    static final Map<String, String> COMMON_ENV = Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", KAFKA_BOOTSTRAP,
            "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
            "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
            "KAFKA_SSL_TRUSTSTORE_LOCATION", KAFKA_TRUSTSTORE,
            "KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12",
            "BEDKD_STORE_ROOT", STORE_ROOT,
            "QUARKUS_HTTP_PORT", "8080",
            "DJL_CACHE_DIR", DJL_CACHE,
            "BEDKD_CACHE_DIR", MODEL_CACHE);

    /** requests cpu, requests memory, limits memory. */
    static final Map<String, List<String>> RESOURCES = Map.of(
            "detector-service", List.of("2", "4Gi", "6Gi"),
            "distiller-service", List.of("2", "4Gi", "6Gi"),
            "evaluator-service", List.of("1", "3Gi", "4Gi"));

    /** Metrics the services and the Kafka exporter publish; the only ones dashboards and alerts may query. */
    static final Set<String> KNOWN_METRICS = Set.of(
            "bedkd_jobs_total", "bedkd_job_duration_seconds_bucket", "bedkd_mepd_bucket", "bedkd_latest_asr",
            "bedkd_latest_cacc", "bedkd_screening_records_total", "kafka_consumergroup_lag",
            "kafka_topic_partition_current_offset", "up");

    /** Queries the dashboard must have (whitespace-insensitive). */
    static final List<String> DASHBOARD_QUERIES = List.of(
            "sum(rate(bedkd_jobs_total[5m])) by (stage,outcome)",
            "histogram_quantile(0.9, sum(rate(bedkd_job_duration_seconds_bucket[5m])) by (le,stage))",
            "sum(rate(bedkd_mepd_bucket[10m])) by (le)",
            "bedkd_latest_asr",
            "bedkd_latest_cacc",
            "sum(rate(bedkd_screening_records_total[1m])) by (verdict)",
            "sum(kafka_consumergroup_lag) by (consumergroup,topic)");

    static final List<String> OVERLAYS = List.of("dev", "prod", "hpa", "gpu", "s3");

    // ---- the artifact store -----------------------------------------------------------------------------------

    /** Overlays whose artifact store is S3 (components/s3-store) instead of the shared ReadWriteMany volume. */
    static final Set<String> S3_OVERLAYS = Set.of("s3");

    static boolean s3(String overlay) {
        return S3_OVERLAYS.contains(overlay);
    }

    /** bedkd.store.* as environment variables (StoreConfig in bedkd-service-common). */
    static final String STORE_TYPE_ENV = "BEDKD_STORE_TYPE";
    static final String STORE_ROOT_ENV = "BEDKD_STORE_ROOT";
    /** The KafkaUser a user's pipeline streams training data with: screening in; verdicts and refusals out; nothing else. */
    static final String SCREENING_CLIENT = "screening-client";

    static Set<KafkaAcls.Acl> screeningClientAcls() {
        return Set.of(new KafkaAcls.Acl("topic", "bedkd.screening.in", "literal", "Write"),
                new KafkaAcls.Acl("topic", "bedkd.screening.in", "literal", "Describe"),
                new KafkaAcls.Acl("topic", "bedkd.screening.clean", "literal", "Read"),
                new KafkaAcls.Acl("topic", "bedkd.screening.clean", "literal", "Describe"),
                new KafkaAcls.Acl("topic", "bedkd.screening.quarantine", "literal", "Read"),
                new KafkaAcls.Acl("topic", "bedkd.screening.quarantine", "literal", "Describe"),
                new KafkaAcls.Acl("topic", "bedkd.screening.in.dlq", "literal", "Read"),
                new KafkaAcls.Acl("topic", "bedkd.screening.in.dlq", "literal", "Describe"),
                new KafkaAcls.Acl("group", "screening-client-", "prefixed", "Read"));
    }

    static final String S3_ENV_PREFIX = "BEDKD_STORE_S3_";
    static final String S3_BUCKET_ENV = S3_ENV_PREFIX + "BUCKET";
    static final String S3_PREFIX_ENV = S3_ENV_PREFIX + "PREFIX";
    static final String S3_REGION_ENV = S3_ENV_PREFIX + "REGION";
    static final String S3_ENDPOINT_ENV = S3_ENV_PREFIX + "ENDPOINT";
    static final String S3_PATH_STYLE_ENV = S3_ENV_PREFIX + "PATH_STYLE";
    static final String S3_CACHE_DIR_ENV = S3_ENV_PREFIX + "CACHE_DIR";
    static final String S3_CACHE_MAX_BYTES_ENV = S3_ENV_PREFIX + "CACHE_MAX_BYTES";
    static final String S3_USER_BUCKETS_ENV = S3_ENV_PREFIX + "USER_BUCKETS";
    /** The ConfigMap of components/s3-store that all three services read (name before kustomize's hash suffix). */
    static final String S3_STORE_CONFIG_MAP = "bedkd-artifact-store";
    /** IRSA: the EKS pod identity webhook gives pods of a ServiceAccount with this annotation that IAM role. */
    static final String IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";
    /** components/s3-static-credentials: the Secret and its keys (= the AWS SDK's environment variables). */
    static final String S3_CREDENTIALS_SECRET = "bedkd-s3-credentials";
    static final List<String> AWS_KEY_ENV = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    static final int HTTPS_PORT = 443;
    /** What the store does on S3 (deploy/README.md): HeadObject is allowed by s3:GetObject, multipart by s3:PutObject. */
    static final Set<String> S3_OBJECT_ACTIONS = Set.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject",
            "s3:AbortMultipartUpload");
    static final Set<String> S3_BUCKET_ACTIONS = Set.of("s3:ListBucket");

    /** The environment every service container gets on Kubernetes: with S3, no store root (nothing is mounted there). */
    static Map<String, String> commonEnv(String overlay) {
        Map<String, String> env = new TreeMap<>(COMMON_ENV);
        if (s3(overlay)) {
            env.remove(STORE_ROOT_ENV);
        }
        return env;
    }

    /**
     * Store variables an application.properties may read that a deployment need not set: with the filesystem store
     * everything S3 (and the type, whose default is filesystem); with S3 the root and every S3 setting but the bucket
     * (the others have defaults that fit AWS).
     */
    static boolean storeEnvWithDefault(String variable, boolean s3) {
        if (s3) {
            return variable.equals(STORE_ROOT_ENV)
                    || (variable.startsWith(S3_ENV_PREFIX) && !variable.equals(S3_BUCKET_ENV));
        }
        return variable.equals(STORE_TYPE_ENV) || variable.startsWith(S3_ENV_PREFIX);
    }

    private Expected() {
    }
}
