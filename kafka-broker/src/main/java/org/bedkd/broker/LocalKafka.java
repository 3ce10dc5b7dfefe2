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

    private final List<String> command;
    private final Path dataDir;
    private final int port;
    private final Thread shutdownHook;
    private volatile Process process;

    private LocalKafka(List<String> command, Path dataDir, int port) throws IOException {
        this.command = List.copyOf(command);
        this.dataDir = dataDir;
        this.port = port;
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
        if (!Files.isDirectory(libs)) {
            throw new IllegalStateException("Kafka broker jars not found at " + libs
                    + "; build the kafka-broker module first (./mvnw -pl kafka-broker package)");
        }
        try {
            Path dir = Files.createTempDirectory("bedkd-kafka-");
            int brokerPort = port > 0 ? port : freePort();
            int controllerPort = freePort();
            Path config = dir.resolve("server.properties");
            Files.writeString(config, properties(dir.resolve("logs"), brokerPort, controllerPort));
            String classpath = libs.toAbsolutePath() + "/*";
            run(List.of(java(), "-cp", classpath, "kafka.tools.StorageTool", "format", "-t",
                    UUID.randomUUID().toString().replace("-", "").substring(0, 22), "-c", config.toString()),
                    dir.resolve("format.log"));
            List<String> cmd = new ArrayList<>(List.of(java(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-cp",
                    classpath, "kafka.Kafka", config.toString()));
            LocalKafka kafka = new LocalKafka(cmd, dir, brokerPort);
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

    /** The broker's working directory (logs under {@code broker.log}). */
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

    static String properties(Path logDir, int port, int controllerPort) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
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
