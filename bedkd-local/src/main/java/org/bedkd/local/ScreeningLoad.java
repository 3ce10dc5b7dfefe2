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
import org.bedkd.contracts.Topics;
import org.bedkd.contracts.api.JobStatus;
import org.bedkd.data.Dataset;
import org.bedkd.data.TaskData;
import org.bedkd.model.DjlRuntime;
import org.bedkd.pipeline.TaskCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Load bench of streaming screening over the real system: broker, services as processes, a (model, DMM) pair from a
 * finished job, several detector replicas sharing {@code bedkd.screening.in}. Pushes N keyed records (real SST-2
 * sentences, clean and triggered), reads every output topic and checks that each record came out exactly once, in
 * per-key order, reporting records/s and p50/p99 latency (output record time − send time). Writes a JSON file.
 * The records go in a few bursts with the machine's MEPD capacity measured before, between and after them (the replicas
 * idle), so that each burst's rate is divided by the capacity of the minutes around it, not of another phase of a
 * machine that drifts by ±15 %; each burst also says its rate while every replica still had records.
 * A warm-up burst goes first and is left out (its rate is reported): a replica that has just started spends a sixth of
 * the machine in its JIT compilers for the first minute (measured per thread, {@code results/RELIABILITY.md}), which a
 * screening deployment pays once, not per 10,000 records.
 */
@Command(name = "screening-load", mixinStandardHelpOptions = true,
        description = "Push records through streaming screening with several detector replicas; check exactly-once.")
public final class ScreeningLoad implements Callable<Integer> {

    /** The capacity layout that is the replicas' own (with the number of replicas). */
    private static final String REPLICA_LAYOUT = "%d processes at once, 1 thread each";

    /** Keys of the warm-up's records: screened like the others, left out of every figure. */
    private static final String WARM_UP = "warm-up-";

    @Option(names = "--records", defaultValue = "10000", description = "Records to push (default ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--keys", defaultValue = "1000", description = "Distinct record keys (default ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--warm-up-records", defaultValue = "2000", description = "Records screened before the timed ones"
            + " and left out of every figure, so the replicas' JIT compilers have done most of their work (default"
            + " ${DEFAULT-VALUE}; their rate is reported, and what the compilers still take during each burst).")
    int warmUpRecords;

    @Option(names = "--rounds", defaultValue = "4", description = "Bursts the records are pushed in, the machine's MEPD"
            + " capacity measured before, between and after them, so that each burst is read against the capacity"
            + " around it: the machine drifts by ±15 %% within minutes (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--instances", defaultValue = "2", description = "Detector replicas (default ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--fresh-replicas", description = "Restart the replica that trained the screener's job before the"
            + " records go in, so every replica screens in a process that never trained (a screening deployment apart"
            + " from the one that runs jobs); by default that replica screens as it is.")
    boolean freshReplicas;

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

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        System.exit(new CommandLine(new ScreeningLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (records < 1 || rounds < 1 || rounds > records) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--records must be at least 1 and --rounds"
                    + " between 1 and --records (were " + records + " and " + rounds + ")");
        }
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
            if (freshReplicas) {
                // A training job leaves its process changed (allocator, caches): a replica that trained screened up
                // to a third slower in some runs, though fresh ones did not raise the share (results/RELIABILITY.md).
                stack.stop("detector-service");
                stack.restart("detector-service");
            }
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
            // Every burst screens the same texts, so the capacity probes around it measure exactly its work.
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < (records + rounds - 1) / rounds; i++) {
                texts.add(sentences.get(i % sentences.size())[0]);
            }
            Map<String, Object> result = run(stack.screeningClient(), sentences, processes,
                    () -> assignment(stack.kafkaClient()), () -> capacity(dir.resolve("artifacts"), dir, texts), () -> {
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
            // Per CPU second (their Kafka and JSON work included) against the probes in the replicas' own layout: how
            // much of the gap is the replicas' own overhead rather than cores the broker and the bench took.
            if (result.get("cpu_s_during_stream") instanceof Map<?, ?> cpu && detectors.stream().allMatch(
                    cpu::containsKey)) {
                double perCpuSecond = records / detectors.stream().mapToDouble(d -> (Double) cpu.get(d)).sum();
                result.put("replica_records_per_cpu_s", perCpuSecond);
                Object probe = ((Map<?, ?>) result.get("capacity_records_per_cpu_s")).get(
                        REPLICA_LAYOUT.formatted(instances));
                result.put("replica_cpu_efficiency", perCpuSecond / (Double) probe);
            }
            // Whether the replicas were busy with their models or waiting: seconds in each phase, mean batch size.
            result.put("batches_per_instance", busy);
            result.put("model", fullModel ? "MiniLM-L6 (6 layers), quick profile" : "MiniLM first layer (1 layer), "
                    + "smoke settings");
            result.put("instances", instances);
            result.put("fresh_replicas", freshReplicas);
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

    /**
     * Screens {@code warmUpRecords} records under keys of their own and waits until as many outputs came back; their
     * rate (records/s from the first send to the last output), or null without a warm-up.
     */
    private Double warmUp(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> consumer,
            List<String[]> sentences) {
        if (warmUpRecords <= 0) {
            return null;
        }
        long start = System.currentTimeMillis();
        long last = start;
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
            for (var r : batch) {
                last = Math.max(last, r.timestamp());
            }
            idleSince = batch.isEmpty() ? idleSince : System.nanoTime();
            if (System.nanoTime() - idleSince > Duration.ofSeconds(60).toNanos()) {
                throw new IllegalStateException("warm-up: " + back + " of " + warmUpRecords + " records came back");
            }
        }
        double rate = warmUpRecords / Math.max(1e-3, (last - start) / 1000.0);
        Demo.say("load", String.format(Locale.ROOT, "%d warm-up records screened at %.0f records/s (left out of the "
                + "figures)", warmUpRecords, rate));
        return rate;
    }

    /** CPU seconds (user + system, every thread) each process has used so far; absent where the OS does not say. */
    private static Map<String, Double> cpuSeconds(Map<String, ProcessHandle> processes) {
        return reading(processes, (name, p) -> ScreeningCapacity.cpuSeconds(p));
    }

    /** As {@link #cpuSeconds}, for the detector replicas' JIT compiler threads alone ({@link CompilerCpu}). */
    private static Map<String, Double> compilerSeconds(Map<String, ProcessHandle> processes) {
        return reading(processes, (name, p) -> name.startsWith("detector-service") ? CompilerCpu.seconds(p.pid())
                : Double.NaN);
    }

    /** Per process, {@code now} less {@code before} (seconds used since), also added to {@code total}. */
    private static Map<String, Double> spent(Map<String, Double> now, Map<String, Double> before,
            Map<String, Double> total) {
        now.replaceAll((name, value) -> value - before.getOrDefault(name, 0.0));
        now.forEach((name, used) -> total.merge(name, used, Double::sum));
        return now;
    }

    /** {@code read} of each process by name, leaving out the NaNs (unknown, or not asked). */
    private static Map<String, Double> reading(Map<String, ProcessHandle> processes,
            java.util.function.ToDoubleBiFunction<String, ProcessHandle> read) {
        Map<String, Double> out = new LinkedHashMap<>();
        processes.forEach((name, p) -> {
            double value = read.applyAsDouble(name, p);
            if (!Double.isNaN(value)) {
                out.put(name, value);
            }
        });
        return out;
    }

    /**
     * The machine's MEPD capacity for the registered screener on {@code texts} (the records' texts), with the replicas
     * idle, in two layouts: one process on every core, and the replicas' own, one single-threaded process per replica
     * at once, each on its share of the texts. A rate from another run or other sentences would compare the machine's
     * drift instead.
     */
    private Map<String, ScreeningCapacity.Rate> capacity(Path artifacts, Path dir, List<String> texts)
            throws Exception {
        ScreeningCapacity.Rate oneProcess = ScreeningCapacity.rate(artifacts, texts);
        Demo.say("capacity", String.format(Locale.ROOT, "one process, %d threads, %s: %.0f records/s",
                DjlRuntime.threads(), oneProcess.precision(), oneProcess.perSecond()));
        ScreeningCapacity.Rate perReplica = ScreeningCapacity.inProcesses(artifacts, dir, texts, instances, oneProcess);
        Demo.say("capacity", String.format(Locale.ROOT, "%d processes at once, 1 thread each: %.0f records/s",
                instances, perReplica.perSecond()));
        Map<String, ScreeningCapacity.Rate> layouts = new LinkedHashMap<>();
        layouts.put("one process, " + DjlRuntime.threads() + " threads", oneProcess);
        layouts.put(REPLICA_LAYOUT.formatted(instances), perReplica);
        return layouts;
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
     * Screens the warm-up records, calls {@code atStart}, then pushes the timed records in {@link #rounds} bursts with
     * a capacity probe before the first and after each ({@code probe}); each burst waits for all its outputs (or a
     * minute without any). Each burst is read against the mean of the probes around it, in the better layout, and the
     * run as a whole (its records over its bursts' time) against the mean of all probes. {@code processes}' CPU
     * seconds during the bursts go in the result. {@code holders} reads which consumer holds each partition (with the
     * administrator's login: the screening client may not see other groups).
     */
    private Map<String, Object> run(Properties client, List<String[]> sentences, Map<String, ProcessHandle> processes,
            Callable<Map<Integer, String>> holders, Callable<Map<String, ScreeningCapacity.Rate>> probe,
            Runnable atStart) throws Exception {
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
        VerdictTally tally = new VerdictTally();
        List<Map<String, Object>> bursts = new ArrayList<>();
        List<Map<String, ScreeningCapacity.Rate>> probes = new ArrayList<>();
        Map<String, Double> cpu = new LinkedHashMap<>();
        Map<String, Double> jit = new LinkedHashMap<>();
        Double warmUpRate;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pp);
                KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(cp)) {
            consumer.subscribe(List.of(Topics.SCREENING_CLEAN, Topics.SCREENING_QUARANTINE,
                    Topics.SCREENING_IN + Topics.DEAD_LETTER_SUFFIX));
            warmUpRate = warmUp(producer, consumer, sentences);
            atStart.run();
            probes.add(probe.call());
            Map<Integer, String> held = holders.call();
            for (int round = 0; round < rounds; round++) {
                int from = (int) ((long) records * round / rounds);
                int to = (int) ((long) records * (round + 1) / rounds);
                Map<String, Double> cpuBefore = cpuSeconds(processes);
                Map<String, Double> jitBefore = compilerSeconds(processes);
                long start = System.currentTimeMillis();
                List<String> ids = produce(producer, tally, sentences, from, to);
                long end = drain(consumer, tally, Set.copyOf(ids), start);
                Map<String, Double> burstCpu = spent(cpuSeconds(processes), cpuBefore, cpu);
                Map<String, Double> burstJit = spent(compilerSeconds(processes), jitBefore, jit);
                Map<Integer, String> heldAfter = holders.call();
                Map<String, Object> burst = new LinkedHashMap<>();
                burst.put("records", ids.size());
                burst.put("seconds", (end - start) / 1000.0);
                burst.put("records_per_s", ids.size() / Math.max(1e-3, (end - start) / 1000.0));
                burst.putAll(BurstRate.steady(start, tally.outputTimes(ids), tally.partitions(), held, heldAfter));
                burst.put("cpu_s", burstCpu);
                burst.put("jit_compiler_cpu_s", burstJit);
                probes.add(probe.call());
                double capacity = bracket(probes.get(round), probes.get(round + 1)).values().stream()
                        .mapToDouble(Double::doubleValue).max().orElseThrow();
                burst.put("capacity_records_per_s", capacity);
                burst.put("share_of_capacity", (double) burst.get("records_per_s") / capacity);
                if (burst.get("steady_records_per_s") instanceof Double steady) {
                    burst.put("steady_share_of_capacity", steady / capacity);
                }
                Demo.say("load", String.format(Locale.ROOT, "burst %d/%d: %.0f records/s (%.0f while both replicas had "
                        + "records), capacity around it %.0f", round + 1, rounds, (double) burst.get("records_per_s"),
                        burst.get("steady_records_per_s") instanceof Double st ? st : Double.NaN, capacity));
                bursts.add(burst);
                held = heldAfter;
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("records", records);
        r.put("keys", keys);
        r.put("partitions", Topics.partitions().get(Topics.SCREENING_IN));
        r.putAll(tally.summary());
        double seconds = sum(bursts, "seconds");
        r.put("seconds", seconds);
        r.put("records_per_s", records / Math.max(1e-3, seconds));
        // Over all bursts: one burst's share swings by ±15 % on this machine (~12 s each), the pooled rate against the
        // mean of all probes much less; the bursts' median is there beside it.
        r.putAll(capacityReport(probes));
        double capacity = (double) r.get("capacity_records_per_s");
        r.put("share_of_capacity", (double) r.get("records_per_s") / capacity);
        if (bursts.stream().allMatch(b -> b.get("steady_records_per_s") instanceof Double)) {
            double steady = sum(bursts, "steady_records") / Math.max(1e-3, sum(bursts, "steady_seconds"));
            r.put("steady_records_per_s", steady);
            r.put("steady_share_of_capacity", steady / capacity);
        }
        r.put("median_burst_share_of_capacity", median(bursts, "share_of_capacity"));
        r.put("bursts", bursts);
        r.put("warm_up_records", warmUpRecords);
        // The warm-up's own rate: what a replica does in its first records (the JIT busiest then).
        r.put("warm_up_records_per_s", warmUpRate);
        // Where the machine's cores went while the timed records ran: what the replicas got, and who took the rest.
        r.put("cpu_s_during_stream", cpu);
        // Of which the detector replicas' JIT compilers: work a long-running replica has done once and for all.
        r.put("jit_compiler_cpu_s_during_stream", jit);
        return r;
    }

    /** Sends records {@code from}…{@code to} (keys cycling, sequence rising per key); returns their ids. */
    private List<String> produce(KafkaProducer<String, byte[]> producer, VerdictTally tally, List<String[]> sentences,
            int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String key = "k-" + (i % keys);
            String id = key + "#" + (i / keys);
            long now = System.currentTimeMillis();
            producer.send(new ProducerRecord<>(Topics.SCREENING_IN, null, now, key, record(id, sentences, i - from)),
                    (sent, error) -> {
                        if (sent != null) {
                            tally.partition(id, sent.partition());
                        }
                    });
            tally.sent(id, now);
            ids.add(id);
        }
        producer.flush();
        return ids;
    }

    /** Reads outputs until every one of {@code ids} is back or none came for a minute; the last one's time. */
    private static long drain(KafkaConsumer<String, byte[]> consumer, VerdictTally tally, Set<String> ids,
            long start) {
        long idleSince = System.nanoTime();
        long lastReport = System.nanoTime();
        long lastOutput = start;
        int back = 0;
        while (back < ids.size() && System.nanoTime() - idleSince < Duration.ofSeconds(60).toNanos()) {
            var batch = consumer.poll(Duration.ofMillis(500));
            if (!batch.isEmpty()) {
                idleSince = System.nanoTime();
            }
            for (ConsumerRecord<String, byte[]> r : batch) {
                if (r.key() != null && r.key().startsWith(WARM_UP)) {
                    continue; // a late or repeated warm-up output
                }
                String first = tally.received(r);
                if (first != null && ids.contains(first)) {
                    back++;
                    lastOutput = Math.max(lastOutput, r.timestamp());
                }
            }
            if (System.nanoTime() - lastReport > Duration.ofSeconds(10).toNanos()) {
                lastReport = System.nanoTime();
                Demo.say("load", back + "/" + ids.size() + " records screened");
            }
        }
        return lastOutput;
    }

    /** Each layout's mean rate of two probes. */
    private static Map<String, Double> bracket(Map<String, ScreeningCapacity.Rate> before,
            Map<String, ScreeningCapacity.Rate> after) {
        Map<String, Double> mean = new LinkedHashMap<>();
        before.forEach((layout, rate) -> mean.put(layout, (rate.perSecond() + after.get(layout).perSecond()) / 2));
        return mean;
    }

    /**
     * The machine's capacity over every probe: each layout's mean rate, the better layout's as the capacity (the two
     * are within the drift of each other here: {@code results/RELIABILITY.md}), and records per CPU second in each
     * layout, which the cores other processes take do not move.
     */
    private Map<String, Object> capacityReport(List<Map<String, ScreeningCapacity.Rate>> probes) {
        Map<String, Double> mean = new LinkedHashMap<>();
        Map<String, Double> perCpuSecond = new LinkedHashMap<>();
        Map<String, List<Double>> each = new LinkedHashMap<>();
        for (String layout : probes.get(0).keySet()) {
            List<ScreeningCapacity.Rate> rates = probes.stream().map(p -> p.get(layout)).toList();
            mean.put(layout, rates.stream().mapToDouble(ScreeningCapacity.Rate::perSecond).average().orElseThrow());
            perCpuSecond.put(layout, rates.stream().mapToDouble(x -> x.texts() / x.cpuSeconds()).average()
                    .orElseThrow());
            each.put(layout, rates.stream().map(ScreeningCapacity.Rate::perSecond).toList());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("capacity_records_per_s", mean.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        out.put("capacity_by_layout", mean);
        out.put("capacity_probes", each);
        out.put("capacity_records_per_cpu_s", perCpuSecond);
        out.put("capacity_threads", DjlRuntime.threads());
        // What the screener's models ran with, as the probes loaded them.
        ScreeningCapacity.Rate any = probes.get(0).values().iterator().next();
        out.put("precision", any.precision());
        out.put("max_tokens", any.maxTokens());
        return out;
    }

    private static double sum(List<Map<String, Object>> bursts, String key) {
        return bursts.stream().mapToDouble(b -> ((Number) b.get(key)).doubleValue()).sum();
    }

    /** The median of a number the bursts carry (null where none does). */
    private static Double median(List<Map<String, Object>> bursts, String key) {
        double[] v = bursts.stream().map(b -> b.get(key)).filter(Double.class::isInstance)
                .mapToDouble(x -> (Double) x).sorted().toArray();
        if (v.length == 0) {
            return null;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
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

    /** Waits until {@code n} distinct consumers hold partitions of the screening topic (no rebalance mid-run). */
    private static void awaitAssignment(Properties client, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            Map<Integer, String> holders = assignment(client);
            if (new java.util.HashSet<>(holders.values()).size() >= n) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException(n + " screening consumers never got partitions");
    }

    /** The screening topic's partitions and the consumer (member id) holding each, over every consumer group. */
    private static Map<Integer, String> assignment(Properties client) throws Exception {
        Properties p = new Properties();
        p.putAll(client);
        try (AdminClient admin = AdminClient.create(p)) {
            Set<String> groups = new java.util.HashSet<>();
            admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).forEach(g -> groups.add(g.groupId()));
            Map<Integer, String> holders = new java.util.TreeMap<>();
            for (ConsumerGroupDescription g : admin.describeConsumerGroups(groups).all().get(30, TimeUnit.SECONDS)
                    .values()) {
                g.members().forEach(m -> m.assignment().topicPartitions().stream()
                        .filter(tp -> tp.topic().equals(Topics.SCREENING_IN))
                        .forEach(tp -> holders.put(tp.partition(), m.consumerId())));
            }
            return holders;
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
     * building the verdict events ({@code wrap_s}) and between batches ({@code between_s}: polling and hand-over, and
     * the idle time between the bench's bursts).
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
}
