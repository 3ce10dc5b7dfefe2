package org.bedkd.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bedkd.broker.LocalKafka;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.JobState;
import org.bedkd.contracts.ScreeningRecord;
import org.bedkd.contracts.ScreeningVerdict;
import org.bedkd.contracts.Topics;
import org.bedkd.contracts.api.JobStatus;
import org.bedkd.data.Dataset;
import org.bedkd.data.TaskData;
import org.bedkd.model.DjlRuntime;
import org.bedkd.pipeline.TaskCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Load bench of streaming screening over the real system: broker, services as processes, a (model, DMM) pair from a
 * finished job, several detector replicas sharing {@code bedkd.screening.in}. Pushes N keyed records (real SST-2
 * sentences, clean and triggered), reads every output topic and checks that each record came out exactly once, in
 * per-key order, reporting records/s and p50/p99 latency (output record time − send time). Writes a JSON file.
 * A warm-up burst goes first and is left out: a replica that has just started spends a sixth of the machine in its JIT
 * compilers for the first minute (measured per thread, {@code results/RELIABILITY.md}), which a screening deployment
 * pays once, not per 10,000 records.
 */
@Command(name = "screening-load", mixinStandardHelpOptions = true,
        description = "Push records through streaming screening with several detector replicas; check exactly-once.")
public final class ScreeningLoad implements Callable<Integer> {

    /** Keys of the warm-up's records: screened like the others, left out of every figure. */
    private static final String WARM_UP = "warm-up-";

    @Option(names = "--records", defaultValue = "10000", description = "Records to push (default ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--keys", defaultValue = "1000", description = "Distinct record keys (default ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--warm-up-records", defaultValue = "2000", description = "Records screened before the timed ones"
            + " and left out of every figure, so the replicas' JIT compilers have settled (default ${DEFAULT-VALUE}).")
    int warmUpRecords;

    @Option(names = "--instances", defaultValue = "2", description = "Detector replicas (default ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--full-model", description = "Screen with the quick profile's 6-layer model (default: the smoke"
            + " job's 1-layer model, which keeps the run to minutes on 2 cores).")
    boolean fullModel;

    @Option(names = "--gamma", description = "Screener threshold (default: the job's γ).")
    Float gamma;

    @Option(names = "--work", description = "Working directory (default runs/screening-load-<time>).")
    Path work;

    @Option(names = "--out", defaultValue = "results/reliability/screening-load.json",
            description = "Result file (default ${DEFAULT-VALUE}).")
    Path out;

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        System.exit(new CommandLine(new ScreeningLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path repo = Demo.repoRoot();
        Path dir = work != null ? work : repo.resolve("runs").resolve("screening-load-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String s : LocalStack.SERVICES) {
            ports.put(s, LocalKafka.freePort());
        }
        // One PyTorch thread per process: the replicas share the machine's cores instead of fighting over them.
        try (LocalStack stack = LocalStack.start(repo, dir, ports, Map.of("BEDKD_THREADS", "1"), Demo::say)) {
            JobClient api = new JobClient(stack.url("evaluator-service"), stack.token());
            String job = screenerJob(stack, api, dir);
            put(stack.url("detector-service") + "/screener", stack.token(), "{\"jobId\":\"" + job + "\""
                    + (gamma != null ? ",\"gamma\":" + gamma : "") + "}");
            List<String> detectors = new ArrayList<>(List.of("detector-service"));
            for (int i = 2; i <= instances; i++) {
                String name = "detector-service-" + i;
                stack.addInstance("detector-service", name, LocalKafka.freePort());
                detectors.add(name);
            }
            awaitAssignment(stack.kafkaClient(), instances);
            Demo.say("load", String.format(Locale.ROOT, "%d records over %d keys → %s (%d partitions), %d detector "
                    + "replicas", records, keys, Topics.SCREENING_IN, Topics.partitions().get(Topics.SCREENING_IN),
                    instances));
            // As a user's pipeline would: the screening client's login, not the super user's.
            List<String[]> sentences = sentences();
            Map<String, ProcessHandle> processes = new LinkedHashMap<>(stack.processes());
            processes.put("bench (producer, consumer of the verdicts)", ProcessHandle.current());
            Map<String, Map<String, Double>> before = new LinkedHashMap<>();
            Map<String, Object> result = run(stack.screeningClient(), sentences, processes, () -> {
                for (String d : detectors) {
                    before.put(d, batchStats(metricLines(stack.url(d))));
                }
            });
            Map<String, Double> perInstance = new LinkedHashMap<>();
            Map<String, Map<String, Double>> busy = new LinkedHashMap<>();
            Map<String, Double> threads = new LinkedHashMap<>();
            for (String d : detectors) {
                List<String> metrics = metricLines(stack.url(d));
                Map<String, Double> stats = batchStats(metrics);
                // The timed records only: what the replica had done by the end of the warm-up is taken off.
                stats.replaceAll((k, v) -> v - before.get(d).getOrDefault(k, 0.0));
                stats.put("mean_records", stats.get("batches") == 0 ? 0 : stats.get("records") / stats.get("batches"));
                perInstance.put(d, stats.remove("records"));
                busy.put(d, stats);
                threads.put(d, sample(metrics, "bedkd_engine_threads"));
            }
            result.put("records_per_instance", perInstance);
            result.putAll(capacity(dir.resolve("artifacts"), dir, sentences.stream().map(x -> x[0]).toList()
                    .subList(0, Math.min(records, sentences.size()))));
            result.put("share_of_capacity", ((Number) result.get("records_per_s")).doubleValue()
                    / ((Number) result.get("capacity_records_per_s")).doubleValue());
            // Whether the replicas were busy with their models or waiting: seconds in each phase, mean batch size.
            result.put("batches_per_instance", busy);
            result.put("model", fullModel ? "MiniLM-L6 (6 layers), quick profile" : "MiniLM first layer (1 layer), "
                    + "smoke settings");
            result.put("instances", instances);
            result.put("gamma", gamma != null ? gamma : "the job's");
            // What each replica's engine runs with, from its own metrics (asked for: 1).
            result.put("threads_per_instance", threads);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, EventCodec.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            System.out.println(EventCodec.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            System.out.println("results: " + out.toAbsolutePath());
            boolean exact = ((Number) result.get("lost")).longValue() == 0
                    && ((Number) result.get("duplicates")).longValue() == 0
                    && ((Number) result.get("order_violations")).longValue() == 0;
            return exact ? 0 : 1;
        }
    }

    /** Record {@code i} of the stream: what an existing producer writes, a bare JSON record, not an event. */
    private static byte[] record(String id, List<String[]> sentences, int i) {
        String[] s = sentences.get(i % sentences.size());
        return EventCodec.toJson(new ScreeningRecord(id, s[0], Integer.valueOf(s[1]))).getBytes(StandardCharsets.UTF_8);
    }

    /** Screens {@code warmUpRecords} records under keys of their own and waits until as many outputs came back. */
    private void warmUp(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> consumer,
            List<String[]> sentences) {
        if (warmUpRecords <= 0) {
            return;
        }
        for (int i = 0; i < warmUpRecords; i++) {
            String key = WARM_UP + (i % keys);
            producer.send(new ProducerRecord<>(Topics.SCREENING_IN, key, record(key + "#" + i, sentences, i)));
        }
        producer.flush();
        int back = 0;
        long idleSince = System.nanoTime();
        while (back < warmUpRecords) {
            var batch = consumer.poll(Duration.ofMillis(500));
            back += batch.count();
            idleSince = batch.isEmpty() ? idleSince : System.nanoTime();
            if (System.nanoTime() - idleSince > Duration.ofSeconds(60).toNanos()) {
                throw new IllegalStateException("warm-up: " + back + " of " + warmUpRecords + " records came back");
            }
        }
        Demo.say("load", warmUpRecords + " warm-up records screened (left out of the figures)");
    }

    /** CPU seconds (user + system, every thread) each process has used so far; absent where the OS does not say. */
    private static Map<String, Double> cpuSeconds(Map<String, ProcessHandle> processes) {
        Map<String, Double> out = new LinkedHashMap<>();
        processes.forEach((name, p) -> p.info().totalCpuDuration().ifPresent(d -> out.put(name, d.toNanos() / 1e9)));
        return out;
    }

    /**
     * The machine's MEPD capacity for the registered screener on {@code texts} (the records' texts), measured after
     * the stream (the replicas idle) in two layouts: one process on every core, and the replicas' own, one
     * single-threaded process per replica at once, each on its share of the texts. The capacity is the better of
     * the two (on this machine the second, by about 15 %: {@code results/RELIABILITY.md}); what the replicas reached
     * is read against it. A rate from another run or other sentences would compare the machine's drift instead.
     */
    private Map<String, Object> capacity(Path artifacts, Path dir, List<String> texts) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        ScreeningCapacity.Rate measured = ScreeningCapacity.rate(artifacts, texts);
        double oneProcess = measured.perSecond();
        Demo.say("capacity", String.format(Locale.ROOT, "one process, %d threads, %s: %.0f records/s",
                DjlRuntime.threads(), measured.precision(), oneProcess));
        double perReplica = replicaLayout(artifacts, dir, texts);
        Demo.say("capacity", String.format(Locale.ROOT, "%d processes at once, 1 thread each: %.0f records/s",
                instances, perReplica));
        Map<String, Double> layouts = new LinkedHashMap<>();
        layouts.put("one process, " + DjlRuntime.threads() + " threads", oneProcess);
        layouts.put(instances + " processes at once, 1 thread each", perReplica);
        out.put("capacity_records_per_s", Math.max(oneProcess, perReplica));
        out.put("capacity_by_layout", layouts);
        out.put("capacity_threads", DjlRuntime.threads());
        out.put("precision", measured.precision());
        out.put("max_tokens", measured.maxTokens());
        return out;
    }

    /** One {@link ScreeningCapacity} process per replica, started together, 1 thread each: the sum of their rates. */
    private double replicaLayout(Path artifacts, Path dir, List<String> texts) throws Exception {
        List<Process> probes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            Path share = dir.resolve("capacity-texts-" + i + ".txt");
            List<String> mine = new ArrayList<>();
            for (int j = i; j < texts.size(); j += instances) {
                mine.add(texts.get(j).replace('\n', ' '));
            }
            Files.write(share, mine);
            Path log = dir.resolve("capacity-" + i + ".log");
            logs.add(log);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            probes.add(new ProcessBuilder(java, "-Xmx2g", "-Dai.djl.offline=true", "-cp",
                    System.getProperty("java.class.path"), ScreeningCapacity.class.getName(), artifacts.toString(), "1",
                    share.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        }
        double sum = 0;
        for (int i = 0; i < probes.size(); i++) {
            if (!probes.get(i).waitFor(30, java.util.concurrent.TimeUnit.MINUTES) || probes.get(i).exitValue() != 0) {
                probes.forEach(Process::destroyForcibly);
                throw new IllegalStateException("capacity probe " + i + " failed; see " + logs.get(i));
            }
            Path log = logs.get(i);
            String rate = Files.readAllLines(log).stream().filter(l -> l.startsWith("rate ")).reduce((a, b) -> b)
                    .orElseThrow(() -> new IllegalStateException("capacity probe wrote no rate; see " + log));
            sum += Double.parseDouble(rate.substring("rate ".length()));
        }
        return sum;
    }

    /** Trains a suspect model, runs a purification job through the services and returns its id (for its DMM). */
    private String screenerJob(LocalStack stack, JobClient api, Path dir) throws InterruptedException {
        Demo demo = new Demo();
        demo.smoke = !fullModel;
        demo.profile = "quick";
        demo.seed = 42;
        String job = api.submit(demo.prepare(stack, api, dir)).jobId();
        Demo.say("job", "waiting for " + job + " (its suspect model and DMM become the screener)");
        JobStatus s = api.awaitEnd(job, Duration.ofHours(2), Duration.ofSeconds(1), status -> {
        });
        if (s.state() != JobState.DONE) {
            throw new IllegalStateException("job " + job + " ended " + s.state() + ": " + s.error());
        }
        return job;
    }

    /**
     * Screens the warm-up records, calls {@code atStart}, then produces every timed record and reads the outputs until
     * all are back or nothing arrives for a minute; each of {@code processes}' CPU seconds in between go in the result.
     */
    private Map<String, Object> run(Properties client, List<String[]> sentences, Map<String, ProcessHandle> processes,
            Runnable atStart) throws Exception {
        Map<String, Long> sentAt = new HashMap<>();
        Properties pp = new Properties();
        pp.putAll(client);
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        Properties cp = new Properties();
        cp.putAll(client);
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "screening-client-load-" + UUID.randomUUID());
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Integer> lastSeq = new HashMap<>();
        List<Long> latencies = new ArrayList<>();
        long orderViolations = 0;
        long quarantined = 0;
        long deadLettered = 0;
        long start;
        long lastOutput;
        Map<String, Double> cpu;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pp);
                KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(cp)) {
            consumer.subscribe(List.of(Topics.SCREENING_CLEAN, Topics.SCREENING_QUARANTINE,
                    Topics.SCREENING_IN + Topics.DEAD_LETTER_SUFFIX));
            warmUp(producer, consumer, sentences);
            atStart.run();
            Map<String, Double> cpuBefore = cpuSeconds(processes);
            start = System.currentTimeMillis();
            lastOutput = start;
            for (int i = 0; i < records; i++) {
                String key = "k-" + (i % keys);
                String id = key + "#" + (i / keys);
                long now = System.currentTimeMillis();
                producer.send(new ProducerRecord<>(Topics.SCREENING_IN, null, now, key, record(id, sentences, i)));
                sentAt.put(id, now);
            }
            producer.flush();
            Demo.say("load", String.format(Locale.ROOT, "produced %d records in %.1f s", records,
                    (System.currentTimeMillis() - start) / 1000.0));
            long idleSince = System.nanoTime();
            int distinct = 0;
            long lastReport = System.nanoTime();
            while (distinct < records && System.nanoTime() - idleSince < Duration.ofSeconds(60).toNanos()) {
                var batch = consumer.poll(Duration.ofMillis(500));
                if (!batch.isEmpty()) {
                    idleSince = System.nanoTime();
                }
                for (ConsumerRecord<String, byte[]> r : batch) {
                    if (r.key() != null && r.key().startsWith(WARM_UP)) {
                        continue; // a late or repeated warm-up output
                    }
                    if (r.topic().endsWith(Topics.DEAD_LETTER_SUFFIX)) {
                        deadLettered++;
                        continue;
                    }
                    ScreeningVerdict v = CloudEventRecords.payload(r, ScreeningVerdict.class);
                    if (seen.merge(v.id(), 1, Integer::sum) == 1) {
                        distinct++;
                    }
                    int seq = Integer.parseInt(v.id().substring(v.id().indexOf('#') + 1));
                    Integer prev = lastSeq.put(r.topic() + "|" + r.key(), seq);
                    if (prev != null && prev >= seq) {
                        orderViolations++;
                    }
                    quarantined += v.quarantined() ? 1 : 0;
                    Long sent = sentAt.get(v.id());
                    if (sent != null) {
                        latencies.add(r.timestamp() - sent);
                    }
                    lastOutput = Math.max(lastOutput, r.timestamp());
                }
                if (System.nanoTime() - lastReport > Duration.ofSeconds(10).toNanos()) {
                    lastReport = System.nanoTime();
                    Demo.say("load", distinct + "/" + records + " records screened");
                }
            }
            cpu = cpuSeconds(processes);
            cpu.replaceAll((name, after) -> after - cpuBefore.getOrDefault(name, 0.0));
        }
        latencies.sort(Long::compare);
        long duplicates = seen.values().stream().mapToLong(n -> n - 1).sum();
        long lost = sentAt.keySet().stream().filter(id -> !seen.containsKey(id)).count() - deadLettered;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("records", records);
        r.put("keys", keys);
        r.put("partitions", Topics.partitions().get(Topics.SCREENING_IN));
        r.put("received_distinct", seen.size());
        r.put("lost", lost);
        r.put("duplicates", duplicates);
        r.put("order_violations", orderViolations);
        r.put("dead_lettered", deadLettered);
        r.put("quarantined", quarantined);
        r.put("seconds", (lastOutput - start) / 1000.0);
        r.put("records_per_s", records / Math.max(1e-3, (lastOutput - start) / 1000.0));
        r.put("latency_ms_p50", percentile(latencies, 50));
        r.put("latency_ms_p99", percentile(latencies, 99));
        r.put("latency_ms_max", latencies.isEmpty() ? null : latencies.get(latencies.size() - 1));
        r.put("warm_up_records", warmUpRecords);
        // Where the machine's cores went while the timed records ran: what the replicas got, and who took the rest.
        r.put("cpu_s_during_stream", cpu);
        return r;
    }

    /** Real sentences with labels: the clean test set and the triggered test set, interleaved. */
    private static List<String[]> sentences() {
        List<String[]> out = new ArrayList<>();
        TaskData demo = TaskCatalog.demo();
        Dataset clean = demo.testClean();
        Dataset triggered = demo.testTriggered();
        for (int i = 0; i < Math.max(clean.size(), triggered.size()); i++) {
            if (i < clean.size()) {
                out.add(new String[] {clean.get(i).text(), String.valueOf(clean.get(i).label())});
            }
            if (i < triggered.size()) {
                out.add(new String[] {triggered.get(i).text(), String.valueOf(triggered.get(i).label())});
            }
        }
        return out;
    }

    private static Long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return null;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** Waits until {@code n} distinct consumers hold partitions of the screening topic (no rebalance mid-run). */
    private static void awaitAssignment(Properties client, int n) throws Exception {
        Properties p = new Properties();
        p.putAll(client);
        try (AdminClient admin = AdminClient.create(p)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline) {
                Set<String> groups = new java.util.HashSet<>();
                admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).forEach(g -> groups.add(g.groupId()));
                long holders = 0;
                for (ConsumerGroupDescription g : admin.describeConsumerGroups(groups).all().get(30, TimeUnit.SECONDS)
                        .values()) {
                    holders += g.members().stream().filter(m -> m.assignment().topicPartitions().stream()
                            .anyMatch(tp -> tp.topic().equals(Topics.SCREENING_IN))).count();
                }
                if (holders >= n) {
                    return;
                }
                Thread.sleep(1000);
            }
            throw new IllegalStateException(n + " screening consumers never got partitions");
        }
    }

    private static void put(String url, String token, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT " + url + " → " + r.statusCode() + ": " + r.body());
        }
    }

    /**
     * A replica's screening totals so far from its Prometheus metrics: {@code batches}, {@code records}, and the seconds
     * spent scoring ({@code score_s}), waiting for the broker ({@code send_s}), reading the records ({@code parse_s}),
     * building the verdict events ({@code wrap_s}) and between batches ({@code between_s}: polling and hand-over).
     */
    private static Map<String, Double> batchStats(List<String> lines) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("batches", sample(lines, "bedkd_screening_batch_records_count"));
        out.put("records", sample(lines, "bedkd_screening_batch_records_sum"));
        for (String phase : List.of("score", "send", "parse", "wrap", "between")) {
            out.put(phase + "_s", sample(lines, "bedkd_screening_batch_seconds_sum", "phase=\"" + phase + "\""));
        }
        return out;
    }

    private static double sample(List<String> lines, String name, String... labels) {
        return lines.stream().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static List<String> metricLines(String base) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body().lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Records a replica screened, from its Prometheus metrics. */
}
