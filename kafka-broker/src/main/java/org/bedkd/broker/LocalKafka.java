package org.bedkd.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Starts a real Apache Kafka broker (KRaft, broker + controller in one process) on free loopback ports, as a separate
 * JVM whose classpath is the broker jars copied by this module. Used by the services' tests and by the local demo.
 * Uses nothing but the JDK, so it can be copied onto any classpath without bringing Kafka along.
 *
 * <pre>{@code
 * try (LocalKafka kafka = LocalKafka.start(Path.of("kafka-broker/target/kafka-libs"))) {
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class LocalKafka implements AutoCloseable {

    /** System property naming the broker jar directory (set by the services' surefire configuration). */
    public static final String LIBS_PROPERTY = "bedkd.kafka.libs";

    /** The super user of a secured broker (creates topics and ACLs). */
    public static final String ADMIN = "admin";
    /** The SASL mechanism of a secured broker's client listener. */
    public static final String MECHANISM = "SCRAM-SHA-512";

    private final List<String> command;
    private final Path dataDir;
    private final int port;
    private final Logins logins;
    private final Thread shutdownHook;
    private volatile Process process;

    private LocalKafka(List<String> command, Path dataDir, int port, Logins logins) throws IOException {
        this.command = List.copyOf(command);
        this.dataDir = dataDir;
        this.port = port;
        this.logins = logins;
        this.process = launch();
        this.shutdownHook = new Thread(this::stopProcess, "local-kafka-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a broker with the jars in {@code libs} and waits until it accepts connections (at most 60 s). */
    public static LocalKafka start(Path libs) {
        return start(libs, Duration.ofSeconds(60), -1);
    }

    /**
     * @param port broker port, or -1 for a free one
     */
    public static LocalKafka start(Path libs, Duration timeout, int port) {
        return start(libs, timeout, port, null);
    }

    /**
     * SCRAM logins of a secured broker: its client listener is SASL_PLAINTEXT with SCRAM-SHA-512, authorization is on
     * (no ACL: no access), {@link #ADMIN} is the super user.
     *
     * @param passwords user name → password, {@link #ADMIN} included
     */
    public record Logins(java.util.Map<String, String> passwords) {

        public Logins {
            if (!passwords.containsKey(ADMIN)) {
                throw new IllegalArgumentException("the logins need the super user '" + ADMIN + "'");
            }
            passwords = java.util.Map.copyOf(passwords);
        }

        /** {@code sasl.jaas.config} for {@code user}. */
        public String jaas(String user) {
            String password = passwords.get(user);
            if (password == null) {
                throw new IllegalArgumentException("no Kafka login for " + user);
            }
            return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                    + "\" password=\"" + password + "\";";
        }
    }

    /**
     * @param port broker port, or -1 for a free one
     * @param logins SCRAM users for a secured broker, or null for a plaintext one without authorization
     */
    public static LocalKafka start(Path libs, Duration timeout, int port, Logins logins) {
        if (!Files.isDirectory(libs)) {
            throw new IllegalStateException("Kafka broker jars not found at " + libs
                    + "; build the kafka-broker module first (./mvnw -pl kafka-broker package)");
        }
        try {
            Path dir = Files.createTempDirectory("bedkd-kafka-");
            int brokerPort = port > 0 ? port : freePort();
            int controllerPort = freePort();
            Path config = dir.resolve("server.properties");
            Files.writeString(config, properties(dir.resolve("logs"), brokerPort, controllerPort, logins));
            String classpath = libs.toAbsolutePath() + "/*";
            List<String> format = new ArrayList<>(List.of(java(), "-cp", classpath, "kafka.tools.StorageTool", "format",
                    "-t", UUID.randomUUID().toString().replace("-", "").substring(0, 22), "-c", config.toString()));
            if (logins != null) {
                // SCRAM credentials live in the cluster metadata: written at format time, before the first start.
                logins.passwords().forEach((user, password) -> format.addAll(List.of("--add-scram", MECHANISM
                        + "=[name=" + user + ",password=" + password + "]")));
            }
            run(format, dir.resolve("format.log"));
            List<String> cmd = new ArrayList<>(List.of(java(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-cp",
                    classpath, "kafka.Kafka", config.toString()));
            LocalKafka kafka = new LocalKafka(cmd, dir, brokerPort, logins);
            kafka.awaitPort(timeout);
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a local Kafka broker", e);
        }
    }

    /** {@code 127.0.0.1:<port>} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The logins of a secured broker, or null. */
    public Logins logins() {
        return logins;
    }

    /**
     * Client settings to reach this broker as {@code user} (bootstrap servers, and for a secured broker the SASL
     * login); for a plaintext broker the user is ignored.
     */
    public java.util.Properties clientProperties(String user) {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", bootstrapServers());
        if (logins != null) {
            p.put("security.protocol", "SASL_PLAINTEXT");
            p.put("sasl.mechanism", MECHANISM);
            p.put("sasl.jaas.config", logins.jaas(user));
        }
        return p;
    }

    /** The broker's working directory (logs under {@code broker.log}). */
    /** The broker process, for what it costs (its CPU time in a load bench). */
    public ProcessHandle process() {
        return process.toHandle();
    }

    public Path directory() {
        return dataDir;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Kills the broker abruptly (fault tests), keeping its data so {@link #restart} can bring it back. */
    public void kill() {
        process.destroyForcibly();
        waitFor(process);
    }

    /** Starts the broker again on the same port with the same data (after {@link #kill}). */
    public void restart(Duration timeout) {
        if (process.isAlive()) {
            kill();
        }
        try {
            process = launch();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart the Kafka broker", e);
        }
        awaitPort(timeout);
    }

    private Process launch() throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("broker.log").toFile())).start();
    }

    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already
        }
        deleteTree(dataDir);
    }

    private void stopProcess() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    waitFor(process);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitPort(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + process.exitValue() + "; see "
                        + dataDir.resolve("broker.log"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                sleep(200);
            }
        }
        close();
        throw new IllegalStateException("Kafka broker did not open port " + port + " within " + timeout);
    }

    static String properties(Path logDir, int port, int controllerPort, Logins logins) {
        String client = logins == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
        String security = logins == null ? "" : String.join("\n",
                "sasl.enabled.mechanisms=" + MECHANISM,
                "sasl.mechanism.inter.broker.protocol=" + MECHANISM,
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=" + logins.jaas(ADMIN),
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                // The controller listener (loopback, inside this one process) stays PLAINTEXT: KRaft cannot use SCRAM
                // there, so its anonymous principal must be a super user. Clients reach only the SASL listener.
                "super.users=User:" + ADMIN + ";User:ANONYMOUS",
                "");
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=" + client + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=" + client + "://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=" + client,
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT," + client + ":" + client,
                security,
                "log.dirs=" + logDir.toAbsolutePath(),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "message.max.bytes=2097152",
                "") ;
    }

    private static void run(List<String> cmd, Path log) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("Kafka storage format failed; see " + log + ":\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A port that was free a moment ago on the loopback interface. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // temporary directory; leftovers are harmless
        }
    }

    /** Runs a broker in the foreground: {@code java -cp kafka-broker.jar org.bedkd.broker.LocalKafka <libs> [port]}. */
    public static void main(String[] args) throws InterruptedException {
        Path libs = Path.of(args.length > 0 ? args[0] : "kafka-broker/target/kafka-libs");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9092;
        try (LocalKafka kafka = start(libs, Duration.ofSeconds(90), port)) {
            System.out.println("Kafka broker ready at " + kafka.bootstrapServers() + " (data in " + kafka.directory()
                    + "); Ctrl-C to stop");
            kafka.process.waitFor();
        }
    }
}
