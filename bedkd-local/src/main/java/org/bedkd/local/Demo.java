package org.bedkd.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bedkd.broker.LocalKafka;
import org.bedkd.contracts.ArtifactRef;
import org.bedkd.contracts.JobProgress;
import org.bedkd.contracts.JobState;
import org.bedkd.contracts.api.JobRequest;
import org.bedkd.contracts.api.JobRequestBuilder;
import org.bedkd.contracts.api.JobStatus;
import org.bedkd.data.Dataset;
import org.bedkd.data.DatasetWriter;
import org.bedkd.data.Splits;
import org.bedkd.model.Checkpoints;
import org.bedkd.model.DjlRuntime;
import org.bedkd.model.TextClassifier;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.pipeline.ModelSpec;
import org.bedkd.pipeline.Profile;
import org.bedkd.pipeline.Progress;
import org.bedkd.pipeline.TaskCatalog;
import org.bedkd.pipeline.VictimConfig;
import org.bedkd.pipeline.VictimTrainer;
import org.bedkd.store.ArtifactFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The demo: starts a real broker and the three services, trains a suspect model on the embedded SST-2 BadWords slice
 * (as an attacker's victim would be trained), hands it to the job API with the poisoned training set, follows the job
 * to the end and prints the report. Then shuts everything down, or stays up with {@code --stay}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the BeDKD services locally on a real Kafka broker and purify a backdoored model end to end.")
public final class Demo implements Callable<Integer> {

    /**
     * Rows of the embedded slice (3,000) the quick demo's suspect model is trained on and its job screens: keeps the
     * demo to minutes. The paper profile takes them all.
     */
    static final int DEMO_TRAIN_ROWS = 2000;

    @Option(names = "--profile", defaultValue = "quick", description = "quick (default) or paper.")
    String profile;

    @Option(names = "--smoke", description = "Tiny settings (1-layer model, 300 rows): checks the plumbing in ~1 min.")
    boolean smoke;

    @Option(names = "--store", defaultValue = "FILESYSTEM", description = "Where the services keep artifacts:"
            + " FILESYSTEM (a shared directory, default) or S3 (a bucket on a real S3 server started beside the broker).")
    LocalStack.StoreKind store;

    @Option(names = "--stay", description = "Keep the stack running after the job (Ctrl-C to stop).")
    boolean stay;

    @Option(names = "--work", description = "Working directory for the store and logs (default runs/demo-<time>).")
    Path work;

    @Option(names = "--port", defaultValue = "8080",
            description = "Job API port; the detector uses port+1, the distiller port+2 (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--free-ports", description = "Pick free ports instead of --port.")
    boolean freePorts;

    @Option(names = "--threads", description = "PyTorch threads per service (default: all cores).")
    Integer threads;

    @Option(names = "--seed", defaultValue = "42", description = "Master seed.")
    long seed;

    /** What a finished demo measured (for tests and the closing summary). */
    public record Result(String jobId, JobStatus status, String reportMarkdown, Map<String, Double> seconds) {
    }

    Result result;
    /** Tests keep the stack to inspect it afterwards (they close it). */
    boolean keepStackForTest;
    LocalStack stack;

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // DJL probes for CUDA and warns four times on a CPU machine; the engine line below says what is used instead.
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        System.exit(new CommandLine(new Demo()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        Path repo = repoRoot();
        Path dir = work != null ? work : repo.resolve("runs").resolve("demo-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("detector-service", freePorts ? LocalKafka.freePort() : port + 1);
        ports.put("distiller-service", freePorts ? LocalKafka.freePort() : port + 2);
        ports.put("evaluator-service", freePorts ? LocalKafka.freePort() : port);
        Map<String, String> env = threads == null ? Map.of() : Map.of("BEDKD_THREADS", String.valueOf(threads));
        Map<String, Double> seconds = new LinkedHashMap<>();
        say("demo", "working directory " + dir.toAbsolutePath());
        stack = LocalStack.start(repo, dir, ports, env, store, Demo::say);
        try {
            seconds.put("stack start", (System.nanoTime() - start) / 1e9);
            JobClient api = new JobClient(stack.url("evaluator-service"), stack.token());
            long t = System.nanoTime();
            JobRequest request = prepare(stack, api, dir);
            seconds.put("suspect model training", (System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            String jobId = api.submit(request).jobId();
            say("job", "submitted " + jobId + " → " + api.base() + "/jobs/" + jobId);
            JobStatus status = follow(api, jobId);
            seconds.put("job", (System.nanoTime() - t) / 1e9);
            boolean done = status.state() == JobState.DONE;
            String md = done ? api.report(jobId, ".md") : null;
            Path page = dir.resolve("report.html");
            if (done) {
                // The page with its charts, to open without the stack running.
                Files.writeString(page, api.report(jobId, ".html"));
            }
            System.out.println();
            System.out.println(md != null ? md : "job ended " + status.state() + ": " + status.error());
            double core = 0;
            for (Map.Entry<String, Double> e : status.stageSeconds().entrySet()) {
                seconds.put("stage " + e.getKey(), e.getValue());
                core += e.getValue();
            }
            seconds.put("job outside the model code (Kafka, I/O, queueing)", seconds.get("job") - core);
            seconds.put("total", (System.nanoTime() - start) / 1e9);
            System.out.println("## Timings (s)\n");
            seconds.forEach((k, v) -> System.out.printf(Locale.ROOT, "- %s: %.1f%n", k, v));
            System.out.println("\nReport: " + api.base() + "/jobs/" + jobId + "/report.html  (JSON: /report, Markdown:"
                    + " /report.md)" + (done ? "\nReport with charts, saved: " + page.toAbsolutePath() : "")
                    + "\nAPI docs: " + api.base() + "/q/swagger-ui   Metrics: " + api.base() + "/q/metrics");
            result = new Result(jobId, status, md, seconds);
            if (stay) {
                say("demo", "staying up; Ctrl-C to stop (logs in " + stack.logs() + ")");
                say("demo", "API token of this stack (send as 'Authorization: Bearer <token>'): " + stack.token());
                say("demo", "Kafka " + stack.bootstrapServers() + ": SASL_PLAINTEXT, SCRAM-SHA-512, user "
                        + org.bedkd.broker.LocalKafka.ADMIN + ", password " + stack.kafka().logins().passwords()
                        .get(org.bedkd.broker.LocalKafka.ADMIN));
                say("demo", "Screening producers log in as " + LocalStack.SCREENING_CLIENT + ", password "
                        + stack.kafka().logins().passwords().get(LocalStack.SCREENING_CLIENT) + " (writes "
                        + org.bedkd.contracts.Topics.SCREENING_IN + ", reads the verdicts)");
                Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
                Thread.currentThread().join();
            }
            return done ? 0 : 1;
        } finally {
            if (!stay && !keepStackForTest) {
                stack.close();
                say("demo", "stack stopped");
            }
        }
    }

    /**
     * Trains the suspect model and hands it and the data to the stack (the user's bucket when the stack runs S3, else
     * the API's uploads); returns the job request.
     */
    JobRequest prepare(LocalStack stack, JobClient api, Path dir) {
        ExperimentConfig config = Profile.parse(profile).config().withSeed(seed);
        int trainRows = smoke ? 300 : Profile.parse(profile) == Profile.PAPER ? 0 : DEMO_TRAIN_ROWS;
        VictimConfig victim = smoke ? new VictimConfig(new ModelSpec(1, 32), 2, 1e-4f, 32) : config.victim();
        Dataset all = TaskCatalog.demo().train();
        Dataset train = trainRows > 0 ? Splits.sample(all, trainRows, seed, "train") : all;
        Path victimDir = dir.resolve("victim");
        DjlRuntime.configure();
        if (threads != null) {
            DjlRuntime.setThreads(threads, 1);
        }
        say("engine", DjlRuntime.describeEngine());
        say("victim", "training the suspect model on " + train.size() + " rows of poisoned SST-2 (" + train.poisonedCount()
                + " carry the trigger), as the attacker's victim would be");
        try (TextClassifier model = VictimTrainer.train(train, victim, seed, new Progress() {
            @Override
            public void epoch(String stage, org.bedkd.train.TrainListener.EpochEvent e) {
                say("victim", String.format(Locale.ROOT, "epoch %d/%d done in %.0f s", e.epoch(), e.epochs(),
                        e.seconds()));
            }
        })) {
            Checkpoints.save(model, victimDir, Map.of("stage", "victim", "data", "embedded sst2-badwords slice"));
        }
        Inputs inputs = stack.s3Client().<Inputs>map(UserBucket::new).orElse(new ApiUploads(api));
        ArtifactRef model = inputs.model("victim", victimDir);
        JobRequestBuilder req = JobRequest.builder().suspectModel(model)
                .train(inputs.file("train.csv", DatasetWriter.csv(train)))
                .clean(inputs.file("clean.csv", resource("dev-clean.csv")))
                .testClean(inputs.file("test-clean.csv", resource("test-clean.csv")))
                .testTriggered(inputs.file("test-triggered.csv", resource("test-poison.csv")))
                .schema("sst2").target(1).profile(profile).seed(seed);
        // The job screens every row it is given: the rows the suspect model was trained on.
        Map<String, String> overrides = new LinkedHashMap<>();
        if (smoke) {
            overrides.putAll(Map.of("cleanPerClass", "20", "validationRows", "60", "dmmPerClass", "10", "dmmEpochs", "2",
                    "akdEpochs", "2", "testRows", "100", "patience", "0"));
        }
        say("upload", "model " + model.uri() + " and 4 data files " + inputs.where() + " (sha256 pinned)");
        return req.overrides(overrides).build();
    }

    /** Where the demo puts the job's inputs. */
    interface Inputs {
        ArtifactRef model(String name, Path dir);

        ArtifactRef file(String name, byte[] content);

        String where();
    }

    /** Through the job API's uploads ({@code store:uploads/demo/...}). */
    record ApiUploads(JobClient api) implements Inputs {
        @Override
        public ArtifactRef model(String name, Path dir) {
            return api.uploadCheckpoint("uploads/demo/" + name, dir);
        }

        @Override
        public ArtifactRef file(String name, byte[] content) {
            return api.upload("uploads/demo/" + name, content);
        }

        @Override
        public String where() {
            return "uploaded";
        }
    }

    /**
     * With the S3 store: into a bucket of the user's own, named by {@code s3://} URIs, as a KServe or MLflow pipeline
     * hands them over (a {@code save_pretrained}-style folder of objects for the model). The job reads them there.
     */
    static final class UserBucket implements Inputs {
        private final software.amazon.awssdk.services.s3.S3Client s3;

        UserBucket(software.amazon.awssdk.services.s3.S3Client s3) {
            this.s3 = s3;
            try {
                s3.createBucket(b -> b.bucket(LocalStack.USER_BUCKET));
            } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException e) {
                // a second demo against the same server
            }
        }

        @Override
        public ArtifactRef model(String name, Path dir) {
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    s3.putObject(b -> b.bucket(LocalStack.USER_BUCKET)
                            .key("models/" + name + "/" + f.getFileName()),
                            software.amazon.awssdk.core.sync.RequestBody.fromFile(f));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new ArtifactRef("s3://" + LocalStack.USER_BUCKET + "/models/" + name + "/",
                    ArtifactFiles.hash(dir), ArtifactFiles.size(dir));
        }

        @Override
        public ArtifactRef file(String name, byte[] content) {
            s3.putObject(b -> b.bucket(LocalStack.USER_BUCKET).key("data/" + name),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(content));
            return new ArtifactRef("s3://" + LocalStack.USER_BUCKET + "/data/" + name, ArtifactFiles.sha256(content),
                    content.length);
        }

        @Override
        public String where() {
            return "put in the user's bucket s3://" + LocalStack.USER_BUCKET;
        }
    }

    /** Polls the job and prints each new progress line until it ends. */
    private static JobStatus follow(JobClient api, String jobId) throws InterruptedException {
        String[] last = {""};
        return api.awaitEnd(jobId, Duration.ofDays(1), Duration.ofSeconds(1), s -> {
            JobProgress p = s.progress();
            String line = s.state() + (p == null ? "" : "  " + p.stage() + "/" + p.phase() + ": " + p.message());
            if (!line.equals(last[0])) {
                say("job", line);
                last[0] = line;
            }
        });
    }

    private static byte[] resource(String file) {
        try (InputStream in = Demo.class.getClassLoader().getResourceAsStream(TaskCatalog.DEMO_RESOURCE + file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path repoRoot() {
        String configured = System.getProperty("bedkd.repo");
        Path p = Path.of(configured != null ? configured : ".").toAbsolutePath().normalize();
        while (p != null && !Files.isRegularFile(p.resolve("kafka-broker/pom.xml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("run the demo from the repository (kafka-broker/pom.xml not found above "
                    + Path.of(".").toAbsolutePath() + ")");
        }
        return p;
    }

    private static final long START = System.nanoTime();

    static void say(String what, String message) {
        long s = (System.nanoTime() - START) / 1_000_000_000L;
        System.out.printf("[%02d:%02d] %-9s %s%n", s / 60, s % 60, what, message);
    }
}
