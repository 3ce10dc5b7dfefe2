package org.bedkd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.pytorch.jni.LibUtils;

/** docker/Dockerfile.jvm (all three services) and docker/distiller-service/Dockerfile.cuda. */
class DockerfileTest {

    private static final List<String> JVM_FLAGS = List.of("-XX:MaxRAMPercentage=75",
            "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-Dai.djl.offline=true", "-Djava.awt.headless=true");

    @Test
    void jvmImageShipsTheFastJarOfTheServiceNamedBySERVICE() {
        Dockerfile df = Dockerfile.read("docker/Dockerfile.jvm");
        assertThat(df.stages).hasSize(1);
        Dockerfile.Stage s = df.last();
        assertThat(s.from()).as("a Java 17 runtime").matches("(eclipse-temurin:17-jre.*|.*openjdk-17-runtime.*)");
        assertThat(s.args("ARG")).contains("SERVICE");
        List<String> copies = s.args("COPY");
        for (String part : List.of("lib/", "*.jar", "app/", "quarkus/")) {
            assertThat(copies).as("COPY of quarkus-app/%s", part)
                    .anyMatch(c -> c.contains("${SERVICE}/target/quarkus-app/" + part));
        }
        assertThat(copies).allMatch(c -> c.contains("${SERVICE}/target/quarkus-app/"));
        assertThat(s.joined("RUN")).as("SERVICE is validated").contains("detector-service|distiller-service|evaluator-service");
        // The evaluator draws the report's charts with Java2D, which needs fontconfig and a font.
        assertThat(s.joined("RUN")).as("fonts for the report's charts").contains("fontconfig fonts-dejavu-core");
        assertRuntimeConventions(s);
        assertThat(s.env()).containsEntry("BEDKD_STORE_ROOT", Expected.STORE_ROOT);
    }

    @Test
    void cudaImageBakesTheCudaLibtorchAtBuildTime() {
        Dockerfile df = Dockerfile.read("docker/distiller-service/Dockerfile.cuda");
        Dockerfile.Stage runtime = df.last();
        assertThat(runtime.from()).as("runtime base").startsWith("nvidia/cuda:").contains("runtime");
        String flavor = df.globalArgs.get("PYTORCH_FLAVOR");
        assertThat(flavor).as("default PYTORCH_FLAVOR").matches("cu\\d{3}");

        // Build stage: DJL downloads with offline mode off, without the CPU natives jar on the class path.
        Dockerfile.Stage natives = df.stages.stream().filter(st -> "natives".equals(st.alias())).findFirst().orElseThrow();
        String run = natives.joined("RUN");
        assertThat(run).contains("-Dai.djl.offline=false").contains("CudaNativesWarmUp.java")
                .contains("rm -f /warmup/lib/*pytorch-native-cpu*.jar").contains("PYTORCH_FLAVOR=\"${PYTORCH_FLAVOR}\"");
        assertThat(natives.joined("COPY")).contains("distiller-service/target/quarkus-app/lib/main/")
                .contains("docker/distiller-service/CudaNativesWarmUp.java");
        assertThat(Repo.path("docker/distiller-service/CudaNativesWarmUp.java")).exists();

        // Runtime: the baked directory is what DJL loads; offline stays on; the distiller runs on the GPU.
        Map<String, String> env = runtime.env();
        assertThat(runtime.joined("COPY")).contains("--from=natives /opt/libtorch/ " + env.get("PYTORCH_LIBRARY_PATH"));
        assertThat(env).containsEntry("BEDKD_DISTILLER_DEVICE", "gpu").containsEntry("PYTORCH_FLAVOR", "${PYTORCH_FLAVOR}")
                .containsEntry("PYTORCH_VERSION", "2.7.1");
        assertThat(runtime.args("COPY")).filteredOn(c -> c.contains("target/quarkus-app"))
                .isNotEmpty().allMatch(c -> c.contains("distiller-service/target/quarkus-app/"));
        assertRuntimeConventions(runtime);
    }

    /** The flavor DJL is told to fetch must have JNI glue: bundled in pytorch-jni, or the warm-up downloads it. */
    @Test
    void defaultCudaFlavorHasBundledJniGlue() throws IOException {
        String flavor = Dockerfile.read("docker/distiller-service/Dockerfile.cuda").globalArgs.get("PYTORCH_FLAVOR");
        try (InputStream jni = LibUtils.class.getResourceAsStream("/jnilib/linux-x86_64/" + flavor + "/libdjl_torch.so")) {
            assertThat(jni).as("pytorch-jni bundles libdjl_torch.so for %s", flavor).isNotNull();
        }
        try (InputStream props = LibUtils.class.getResourceAsStream("/jnilib/pytorch.properties")) {
            assertThat(new String(props.readAllBytes())).as("PYTORCH_VERSION in Dockerfile.cuda").contains("2.7.1-");
        }
    }

    /** The warm-up compiles against the DJL version the services use (it runs with the JDK source launcher). */
    @Test
    void warmUpCompilesAgainstDjl(@TempDir Path out) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("tests run on a JDK").isNotNull();
        StringWriter diagnostics = new StringWriter();
        Path source = Repo.path("docker/distiller-service/CudaNativesWarmUp.java");
        // Surefire's class path is a manifest-only jar: name the DJL jars (api, pytorch-engine) explicitly.
        String classpath = jarOf(ai.djl.util.Platform.class) + java.io.File.pathSeparator + jarOf(LibUtils.class);
        boolean ok = javac.getTask(diagnostics, null, null,
                List.of("-d", out.toString(), "-classpath", classpath, "-Xlint:all",
                        "-Werror", "-Xlint:-options", "-Xlint:-deprecation"),
                null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(source.toFile())).call();
        assertThat(ok).as("javac %s:%n%s", source, diagnostics).isTrue();
        assertThat(Files.exists(out.resolve("CudaNativesWarmUp.class"))).isTrue();
    }

    @Test
    void dockerignoreFilesSendOnlyTheBuildInputs() {
        assertThat(Repo.read("docker/Dockerfile.jvm.dockerignore")).startsWith("#").contains("\n*\n")
                .contains("!detector-service/target/quarkus-app/").contains("!distiller-service/target/quarkus-app/")
                .contains("!evaluator-service/target/quarkus-app/");
        assertThat(Repo.read("docker/distiller-service/Dockerfile.cuda.dockerignore"))
                .contains("!distiller-service/target/quarkus-app/")
                .contains("!docker/distiller-service/CudaNativesWarmUp.java");
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRuntimeConventions(Dockerfile.Stage s) {
        List<String> users = s.args("USER");
        assertThat(users).as("USER").isNotEmpty();
        assertThat(users.get(users.size() - 1).split(":")[0]).as("non-root uid").isIn("185", "1001");
        assertThat(s.args("EXPOSE")).containsExactly("8080");
        assertThat(s.joined("HEALTHCHECK")).contains("http://127.0.0.1:8080" + Expected.LIVENESS);
        Map<String, String> env = s.env();
        assertThat(env).containsEntry("QUARKUS_HTTP_PORT", "8080").containsEntry("DJL_CACHE_DIR", Expected.DJL_CACHE)
                .containsEntry("BEDKD_CACHE_DIR", Expected.MODEL_CACHE);
        assertThat(env.get("JAVA_OPTS")).as("JVM flags").contains(JVM_FLAGS);
        assertThat(s.joined("ENTRYPOINT")).contains("exec java $JAVA_OPTS").contains("/deployments/quarkus-run.jar");
        // The writable dirs exist, belong to the runtime user and are declared volumes (read-only root filesystem).
        assertThat(s.joined("RUN")).contains("mkdir -p /deployments /data/artifacts /data/djl /data/cache")
                .contains("chown -R 185:0 /deployments /data");
        // The artifact store is a mount of the filesystem overlay only: with S3 an anonymous volume would sit unused.
        assertThat(s.joined("VOLUME")).contains("/data/djl").contains("/data/cache").doesNotContain("/data/artifacts");
    }
}
