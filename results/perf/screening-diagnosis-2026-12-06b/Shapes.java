import java.nio.file.*;
import java.util.*;
import com.fasterxml.jackson.databind.JsonNode;
import org.bedkd.contracts.EventCodec;
import org.bedkd.defense.mepd.MepdScorer;
import org.bedkd.model.DjlRuntime;
import org.bedkd.model.TextClassifier;
import org.bedkd.model.hf.ModelFormats;

/** args: artifacts threads records texts mode(fixed|varied) rounds */
public class Shapes {
    public static void main(String[] a) throws Exception {
        Path artifacts = Path.of(a[0]);
        DjlRuntime.setThreads(Integer.parseInt(a[1]), 1);
        int n = Integer.parseInt(a[2]);
        List<String> all = Files.readAllLines(Path.of(a[3]));
        String mode = a[4];
        int rounds = Integer.parseInt(a[5]);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) texts.add(all.get((i * 7) % all.size()));
        JsonNode spec = EventCodec.MAPPER.readTree(artifacts.resolve("screening/active.json").toFile());
        try (TextClassifier s = ModelFormats.load(artifacts.resolve(spec.get("suspectModel").get("uri").asText().substring(6)));
             TextClassifier d = ModelFormats.load(artifacts.resolve(spec.get("dmm").get("uri").asText().substring(6)));
             var fs = s.frozenForInference(); var fd = d.frozenForInference()) {
            MepdScorer scorer = new MepdScorer(s, d, 64);
            scorer.screen(texts.subList(0, 256));
            Random rng = new Random(1);
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                double cpu0 = ProcessHandle.current().info().totalCpuDuration().get().toNanos() / 1e9;
                int polls = 0;
                for (int i = 0; i < n; ) {
                    int size = mode.equals("fixed") ? 256 : 100 + rng.nextInt(157);
                    scorer.screen(texts.subList(i, Math.min(n, i + size)));
                    i += size; polls++;
                }
                double sec = (System.nanoTime() - t0) / 1e9;
                double cpu = ProcessHandle.current().info().totalCpuDuration().get().toNanos() / 1e9 - cpu0;
                System.out.printf(Locale.ROOT, "%s round=%d polls=%d seconds=%.1f rate=%.1f/s per-cpu-s=%.1f%n", mode, r, polls, sec, n / sec, n / cpu);
            }
        }
    }
}
