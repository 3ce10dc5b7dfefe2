package org.bedkd.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bedkd.contracts.EventCodec;
import org.bedkd.defense.mepd.MepdScorer;
import org.bedkd.model.DjlRuntime;
import org.bedkd.model.TextClassifier;
import org.bedkd.model.hf.ModelFormats;

/**
 * The MEPD rate of a store's registered screener in this process, as {@link ScreeningLoad} measures the machine's
 * capacity: both models frozen for the whole run (as a replica's screener is), batches of {@code max.poll.records},
 * one warm-up batch. Its {@link #main} is what the bench starts once per replica to measure the replicas' own layout
 * (several single-threaded processes at once).
 */
final class ScreeningCapacity {

    /** Records per call, as a replica's poll hands them over ({@code max.poll.records}). */
    static final int BATCH = 256;

    private ScreeningCapacity() {
    }

    /** A measured rate, and what the screener's models ran with. */
    record Rate(double perSecond, String precision, int maxTokens) {
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
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i += BATCH) {
                scorer.screen(texts.subList(i, Math.min(n, i + BATCH)));
            }
            return new Rate(n / ((System.nanoTime() - t0) / 1e9), suspect.precision().label(),
                    suspect.tokenizer().maxLength());
        }
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
        double rate = rate(Path.of(args[0]), Files.readAllLines(Path.of(args[2]))).perSecond();
        System.out.println(String.format(Locale.ROOT, "rate %.3f", rate));
    }
}
