import java.nio.file.*;
import java.util.*;
import com.fasterxml.jackson.databind.JsonNode;
import org.bedkd.contracts.EventCodec;
import org.bedkd.defense.mepd.MepdScorer;
import org.bedkd.model.DjlRuntime;
import org.bedkd.model.TextClassifier;
import org.bedkd.model.hf.ModelFormats;

/** MEPD rate of the registered screener in one process: args artifacts-dir, threads, records, texts-file. */
public class Capacity {
    public static void main(String[] a) throws Exception {
        Path artifacts = Path.of(a[0]);
        DjlRuntime.setThreads(Integer.parseInt(a[1]), 0);
        int n = Integer.parseInt(a[2]);
        List<String> all = Files.readAllLines(Path.of(a[3]));
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) texts.add(all.get(i % all.size()));
        JsonNode spec = EventCodec.MAPPER.readTree(artifacts.resolve("screening/active.json").toFile());
        try (TextClassifier s = ModelFormats.load(artifacts.resolve(spec.get("suspectModel").get("uri").asText().substring(6)));
             TextClassifier d = ModelFormats.load(artifacts.resolve(spec.get("dmm").get("uri").asText().substring(6)));
             var fs = s.frozenForInference(); var fd = d.frozenForInference()) {
            MepdScorer scorer = new MepdScorer(s, d, 64);
            scorer.screen(texts.subList(0, 256));
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i += 256) scorer.screen(texts.subList(i, Math.min(n, i + 256)));
            double sec = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "threads=%d records=%d seconds=%.1f rate=%.1f/s%n", DjlRuntime.threads(), n, sec, n / sec);
        }
    }
}
