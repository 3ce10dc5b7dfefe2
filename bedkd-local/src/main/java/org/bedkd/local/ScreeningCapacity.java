package org.bedkd.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.bedkd.contracts.EventCodec;
import org.bedkd.defense.mepd.MepdScorer;
import org.bedkd.model.DjlRuntime;
import org.bedkd.model.TextClassifier;
import org.bedkd.model.hf.ModelFormats;

/**
 * The MEPD rate of a store's registered screener in this process, as {@link ScreeningLoad} measures the machine's
 * capacity: both models frozen for the whole run (as a replica's screener is), batches of {@code max.poll.records},
 * one warm-up batch. Its {@link #main} is what the bench starts once per replica to measure the replicas' own layout
 * (several single-threaded processes at once); it prints the rate and the CPU seconds the timed batches took.
 */
final class ScreeningCapacity {

    /** Records per call, as a replica's poll hands them over ({@code max.poll.records}). */
    static final int BATCH = 256;

    private ScreeningCapacity() {
    }

    /**
     * A measured rate, the texts it screened and the CPU seconds it used doing so (every thread of the process), and
     * what the screener's models ran with.
     */
    record Rate(double perSecond, int texts, double cpuSeconds, String precision, int maxTokens) {
    }

    /** Records per second for {@code texts} with the screener registered in {@code artifacts}. */
    static Rate rate(Path artifacts, List<String> texts) throws IOException {
        JsonNode spec = EventCodec.MAPPER.readTree(artifacts.resolve("screening/active.json").toFile());
        try (TextClassifier suspect = ModelFormats.load(inStore(artifacts, spec.get("suspectModel")));
                TextClassifier dmm = ModelFormats.load(inStore(artifacts, spec.get("dmm")));
                var suspectFrozen = suspect.frozenForInference();
                var dmmFrozen = dmm.frozenForInference()) {
            MepdScorer scorer = new MepdScorer(suspect, dmm, 64); // the screener's batch
            int n = texts.size();
            scorer.screen(texts.subList(0, Math.min(BATCH, n))); // warm-up
            double cpu0 = cpuSeconds(ProcessHandle.current());
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i += BATCH) {
                scorer.screen(texts.subList(i, Math.min(n, i + BATCH)));
            }
            return new Rate(n / ((System.nanoTime() - t0) / 1e9), n, cpuSeconds(ProcessHandle.current()) - cpu0,
                    suspect.precision().label(), suspect.tokenizer().maxLength());
        }
    }

    /**
     * {@code instances} processes of this class started together, 1 thread each, each on its share of {@code texts}
     * (files and logs in {@code dir}): the sum of their rates and of the CPU seconds their timed batches took; the
     * models ran as in {@code like} (a rate measured in this process).
     */
    static Rate inProcesses(Path artifacts, Path dir, List<String> texts, int instances, Rate like) throws Exception {
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
        double rate = 0;
        double cpu = 0;
        for (int i = 0; i < probes.size(); i++) {
            if (!probes.get(i).waitFor(30, TimeUnit.MINUTES) || probes.get(i).exitValue() != 0) {
                probes.forEach(Process::destroyForcibly);
                throw new IllegalStateException("capacity probe " + i + " failed; see " + logs.get(i));
            }
            List<String> lines = Files.readAllLines(logs.get(i));
            rate += probeValue(lines, "rate ", logs.get(i));
            cpu += probeValue(lines, "cpu ", logs.get(i));
        }
        return new Rate(rate, texts.size(), cpu, like.precision(), like.maxTokens()); // the shares split every text
    }

    private static double probeValue(List<String> lines, String prefix, Path log) {
        return lines.stream().filter(l -> l.startsWith(prefix)).reduce((a, b) -> b)
                .map(l -> Double.parseDouble(l.substring(prefix.length())))
                .orElseThrow(() -> new IllegalStateException("capacity probe wrote no " + prefix.trim() + "; see "
                        + log));
    }

    /** {@code process}'s CPU seconds so far, user and system, every thread (NaN where the OS does not say). */
    static double cpuSeconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /** The local store's directory of an artifact reference ({@code store:<path>}). */
    static Path inStore(Path artifacts, JsonNode ref) {
        String uri = ref.get("uri").asText();
        if (!uri.startsWith("store:")) {
            throw new IllegalStateException("not an artifact of the local store: " + uri);
        }
        return artifacts.resolve(uri.substring("store:".length()));
    }

    /** Arguments: the store's directory, PyTorch threads, a file of texts (one per line). Prints the rate. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ScreeningCapacity <artifacts> <threads> <texts file>");
            System.exit(2);
        }
        DjlRuntime.setThreads(Integer.parseInt(args[1]), 1);
        Rate rate = rate(Path.of(args[0]), Files.readAllLines(Path.of(args[2])));
        System.out.println(String.format(Locale.ROOT, "rate %.3f", rate.perSecond()));
        System.out.println(String.format(Locale.ROOT, "cpu %.3f", rate.cpuSeconds()));
    }
}
