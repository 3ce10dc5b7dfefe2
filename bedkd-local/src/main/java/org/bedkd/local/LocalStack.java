package org.bedkd.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.bedkd.broker.LocalKafka;
import org.bedkd.contracts.Topics;
import org.bedkd.s3server.LocalS3;
import org.bedkd.store.ArtifactStore;
import org.bedkd.store.FileArtifactStore;
import org.bedkd.store.s3.S3ArtifactStore;
import org.bedkd.store.s3.S3StoreSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A real broker and the three services as separate processes, on this machine. Services are started from their
 * fast-jars ({@code <service>/target/quarkus-app/quarkus-run.jar}) with the broker address, a shared artifact store
 * and their HTTP ports in the environment, exactly as the containers are configured.
 */
public final class LocalStack implements AutoCloseable {

    /** The three services in start order. */
    public static final List<String> SERVICES = List.of("detector-service", "distiller-service", "evaluator-service");
    /** The bucket on the stack's S3 server that plays a user's own (the only one a job's s3:// references may read). */
    public static final String USER_BUCKET = "demo-user";
    /** The KafkaUser of deploy/base/kafka-users.yaml that a user's pipeline streams training data with. */
    public static final String SCREENING_CLIENT = "screening-client";

    private final Path repo;
    private final Path store;
    private final Path logs;
    private final LocalKafka kafka;
    private final Map<String, Integer> ports;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    /** Instance name → the service it runs (the three defaults run under their service's name). */
    private final Map<String, String> instances = new LinkedHashMap<>();
    private final Map<String, String> extraEnv;
    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalS3 s3;

    private LocalStack(Path repo, Path store, Path logs, LocalKafka kafka, Map<String, Integer> ports,
            Map<String, String> extraEnv) {
        this.repo = repo;
        this.store = store;
        this.logs = logs;
        this.kafka = kafka;
        this.ports = new LinkedHashMap<>(ports);
        this.extraEnv = extraEnv;
        // Closed like a deployment: a fresh random API token per stack (unless the caller brings one), and Kafka with
        // a SCRAM login per service and the ACLs of deploy/ (see start).
        String given = extraEnv.get("BEDKD_API_TOKEN");
        this.token = given != null && !given.isBlank() ? given : randomToken();
    }

    /**
     * Starts the broker, creates the topics and starts every service, waiting until each reports ready.
     *
     * @param repo the repository root (fast-jars and broker jars are found relative to it)
     * @param work a directory for the artifact store and logs
     * @param ports HTTP port per service
     * @param extraEnv more environment for the services (e.g. {@code BEDKD_THREADS})
     */
    public static LocalStack start(Path repo, Path work, Map<String, Integer> ports, Map<String, String> extraEnv,
            Log log) {
        return start(repo, work, ports, extraEnv, StoreKind.FILESYSTEM, log);
    }

    /** Where the stack's services keep their artifacts. */
    public enum StoreKind {
        /** A directory shared by the three processes (as a ReadWriteMany volume is in Kubernetes). */
        FILESYSTEM,
        /** A bucket on a real S3-compatible server (S3Proxy) started beside the broker. */
        S3
    }

    /**
     * As {@link #start(Path, Path, Map, Map, Log)}, with the artifact store of {@code storeKind}.
     */
    public static LocalStack start(Path repo, Path work, Map<String, Integer> ports, Map<String, String> extraEnv,
            StoreKind storeKind, Log log) {
        for (String s : SERVICES) {
            Path jar = jar(repo, s);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing; build first: ./mvnw -B package -DskipTests");
            }
        }
        long t0 = System.nanoTime();
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put(LocalKafka.ADMIN, randomToken());
        SERVICES.forEach(s -> passwords.put(s, randomToken()));
        passwords.put(SCREENING_CLIENT, randomToken());
        LocalKafka kafka = LocalKafka.start(repo.resolve("kafka-broker/target/kafka-libs"), Duration.ofSeconds(90), -1,
                new LocalKafka.Logins(passwords));
        log.line("broker", String.format("Kafka (KRaft) ready at %s in %.1f s", kafka.bootstrapServers(),
                (System.nanoTime() - t0) / 1e9));
        LocalS3 s3 = null;
        Map<String, String> env = new LinkedHashMap<>(extraEnv);
        if (storeKind == StoreKind.S3) {
            long ts = System.nanoTime();
            s3 = LocalS3.start(repo.resolve("s3-server/target/s3-libs"), work.resolve("s3"), "bedkd");
            env.putAll(s3Env(s3, work.resolve("cache")));
            log.line("s3", String.format("S3 server (S3Proxy) ready at %s, bucket %s, in %.1f s", s3.endpoint(),
                    s3.bucket(), (System.nanoTime() - ts) / 1e9));
        }
        LocalStack stack = new LocalStack(repo, work.resolve("artifacts"), work.resolve("logs"), kafka, ports, env);
        stack.s3 = s3;
        try {
            Files.createDirectories(stack.logs);
            stack.createTopicsAndAcls();
            long t1 = System.nanoTime();
            for (String s : SERVICES) {
                stack.startInstance(s, s);
            }
            for (String s : SERVICES) {
                stack.awaitReady(s, Duration.ofSeconds(180));
            }
            log.line("services", String.format("detector :%d, distiller :%d, evaluator :%d ready in %.1f s",
                    ports.get("detector-service"), ports.get("distiller-service"), ports.get("evaluator-service"),
                    (System.nanoTime() - t1) / 1e9));
            return stack;
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /**
     * Creates every topic with its declared partition count, and gives each service and the screening client exactly
     * the ACLs its Strimzi KafkaUser has in {@code deploy/base/kafka-users.yaml}.
     */
    private void createTopicsAndAcls() {
        try (AdminClient admin = AdminClient.create(kafkaClient())) {
            List<NewTopic> topics = new ArrayList<>();
            Topics.partitions().forEach((name, partitions) -> topics.add(new NewTopic(name, partitions, (short) 1)));
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            Set<String> users = new java.util.HashSet<>(SERVICES);
            users.add(SCREENING_CLIENT);
            admin.createAcls(KafkaAcls.of(repo.resolve("deploy/base/kafka-users.yaml"), users))
                    .all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics and ACLs: " + e.getMessage(), e);
        }
    }

    /**
     * Client settings of the login a user's pipeline streams training data with: it writes the screening topic and
     * reads the verdicts and refusals, with consumer groups named {@code screening-client-*}.
     */
    public Properties screeningClient() {
        return kafka.clientProperties(SCREENING_CLIENT);
    }

    /** Client settings of the broker's super user (tests and benches read and write every topic with them). */
    public Properties kafkaClient() {
        return kafka.clientProperties(LocalKafka.ADMIN);
    }

    private void startInstance(String instance, String service) throws IOException {
        startInstance(instance, service, Map.of());
    }

    private void startInstance(String instance, String service, Map<String, String> moreEnv) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx3g",
                "-Dai.djl.offline=true", "-Djava.awt.headless=true", "-jar", jar(repo, service).toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(instance + ".log").toFile()));
        Map<String, String> env = pb.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("BEDKD_STORE_ROOT", store.toString());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(ports.get(instance)));
        env.put("BEDKD_API_TOKEN", token);
        Properties login = kafka.clientProperties(service);
        env.put("KAFKA_SECURITY_PROTOCOL", login.getProperty("security.protocol"));
        env.put("KAFKA_SASL_MECHANISM", login.getProperty("sasl.mechanism"));
        env.put("KAFKA_SASL_JAAS_CONFIG", login.getProperty("sasl.jaas.config"));
        env.putAll(extraEnv);
        env.putAll(moreEnv);
        instances.put(instance, service);
        processes.put(instance, pb.start());
    }

    /**
     * Starts one more replica of {@code service} (same consumer groups, so it shares the partitions) under its own
     * name and port, and waits until it is ready; {@link #kill}, {@link #restart} and {@link #url} take that name.
     */
    public void addInstance(String service, String instance, int port) {
        if (processes.containsKey(instance)) {
            throw new IllegalArgumentException(instance + " is running already");
        }
        ports.put(instance, port);
        try {
            startInstance(instance, service);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(instance, Duration.ofSeconds(180));
    }

    private void awaitReady(String service, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process p = processes.get(service);
            if (!p.isAlive()) {
                throw new IllegalStateException(service + " exited with " + p.exitValue() + "; see "
                        + logs.resolve(service + ".log"));
            }
            if (readiness(service) == 200) {
                return;
            }
            sleep(300);
        }
        throw new IllegalStateException(service + " not ready within " + timeout + "; see " + logs.resolve(service
                + ".log"));
    }

    /** HTTP status of a service's (or instance's) {@code /q/health/ready}; -1 when it does not answer within 5 s. */
    public int readiness(String service) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url(service) + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notAnswering) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The API token every service of this stack requires. */
    public String token() {
        return token;
    }

    static String randomToken() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    public String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public LocalKafka kafka() {
        return kafka;
    }

    public Path store() {
        return store;
    }

    public Path logs() {
        return logs;
    }

    /** Every process of the stack by name (the services and their instances, and {@code broker}). */
    public Map<String, ProcessHandle> processes() {
        Map<String, ProcessHandle> out = new LinkedHashMap<>();
        out.put("broker", kafka.process());
        processes.forEach((name, p) -> out.put(name, p.toHandle()));
        return out;
    }

    /**
     * Freezes (SIGSTOP) or thaws (SIGCONT) an instance: a frozen replica stops heartbeating, so the broker hands its
     * partitions to another one, and once thawed it carries on where it was, as a replica paused by a long GC or a
     * node hiccup does (fault tests).
     */
    public void freeze(String instance, boolean frozen) {
        try {
            Process signal = new ProcessBuilder("kill", frozen ? "-STOP" : "-CONT",
                    String.valueOf(processes.get(instance).pid())).inheritIO().start();
            if (signal.waitFor() != 0) {
                throw new IllegalStateException("kill " + (frozen ? "-STOP " : "-CONT ") + instance + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills a service abruptly (fault tests). */
    public void kill(String service) {
        awaitExit(processes.get(service).destroyForcibly());
    }

    /**
     * Stops a service gracefully (SIGTERM: its Kafka consumers leave their groups at once instead of holding their
     * partitions until the session times out), killing it if it has not exited in 30 s; {@link #restart} starts it.
     */
    public void stop(String service) {
        Process p = processes.get(service);
        p.destroy();
        if (!awaitExit(p)) {
            kill(service);
        }
    }

    private static boolean awaitExit(Process p) {
        try {
            return p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts a killed service (or instance) again and waits for it to be ready. */
    public void restart(String service) {
        restart(service, Map.of());
    }

    /** Starts a killed service (or instance) again with more environment, and waits for it to be ready. */
    public void restart(String service, Map<String, String> moreEnv) {
        try {
            startInstance(service, instances.getOrDefault(service, service), moreEnv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(service, Duration.ofSeconds(180));
    }

    /** Stops the services (SIGTERM: Quarkus shuts down gracefully) and the broker. */
    @Override
    public void close() {
        List<String> reversed = new ArrayList<>(processes.keySet());
        java.util.Collections.reverse(reversed);
        for (String s : reversed) {
            processes.get(s).destroy();
        }
        for (String s : reversed) {
            Process p = processes.get(s);
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        kafka.close();
        if (s3 != null) {
            s3.close();
        }
    }

    /** The S3 store's settings as a deployment passes them (credentials as the SDK's default chain reads them). */
    private static Map<String, String> s3Env(LocalS3 s3, Path cache) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BEDKD_STORE_TYPE", "s3");
        env.put("BEDKD_STORE_S3_BUCKET", s3.bucket());
        env.put("BEDKD_STORE_S3_PREFIX", "artifacts/");
        env.put("BEDKD_STORE_S3_ENDPOINT", s3.endpoint().toString());
        env.put("BEDKD_STORE_S3_REGION", "us-east-1");
        env.put("BEDKD_STORE_S3_PATH_STYLE", "true");
        env.put("BEDKD_STORE_S3_CACHE_DIR", cache.toString());
        env.put("BEDKD_STORE_S3_USER_BUCKETS", USER_BUCKET);
        env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
        env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    /**
     * The stack's artifact store as the services see it (to inspect what they wrote): the shared directory, or the
     * bucket, read with the same credentials.
     */
    public ArtifactStore artifactStore() {
        if (s3 == null) {
            return new FileArtifactStore(store);
        }
        S3StoreSettings settings = s3Settings("inspect");
        return new S3ArtifactStore(settings.client(s3Credentials()), settings);
    }

    /** The stack's bucket as the services use it, with a cache of this process's own under {@code cache/<name>}. */
    private S3StoreSettings s3Settings(String cacheName) {
        return new S3StoreSettings(s3.bucket(), "artifacts/", s3.endpoint(), "us-east-1", true,
                logs.resolveSibling("cache").resolve(cacheName), S3StoreSettings.DEFAULT_PART_BYTES);
    }

    private StaticCredentialsProvider s3Credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()));
    }

    /** A client of the stack's S3 server (another bucket there plays a user's own), or empty with the directory store. */
    public java.util.Optional<software.amazon.awssdk.services.s3.S3Client> s3Client() {
        if (s3 == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(s3Settings("client").client(s3Credentials()));
    }

    /** Whether the services keep their artifacts in S3. */
    public boolean usesS3() {
        return s3 != null;
    }

    private static Path jar(Path repo, String service) {
        return repo.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Where the stack reports what it does. */
    @FunctionalInterface
    public interface Log {
        void line(String what, String message);
    }
}
