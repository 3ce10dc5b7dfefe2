import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import com.fasterxml.jackson.databind.JsonNode;
import org.bedkd.contracts.EventCodec;
import org.bedkd.defense.Objectives;
import org.bedkd.defense.mepd.MepdScorer;
import org.bedkd.model.DjlRuntime;
import org.bedkd.model.TextClassifier;
import org.bedkd.model.hf.ModelFormats;
import org.bedkd.train.*;

/** args: artifacts texts mode(train|fresh) trainRows. Screening rate after training another model on another thread, or not. */
public class Trained {
    public static void main(String[] a) throws Exception {
        Path artifacts = Path.of(a[0]);
        DjlRuntime.setThreads(Integer.getInteger("threads", 1), 1);
        List<String> all = Files.readAllLines(Path.of(a[1]));
        String mode = a[2];
        int trainRows = Integer.parseInt(a[3]);
        JsonNode spec = EventCodec.MAPPER.readTree(artifacts.resolve("screening/active.json").toFile());
        Path suspectDir = artifacts.resolve(spec.get("suspectModel").get("uri").asText().substring(6));
        Path dmmDir = artifacts.resolve(spec.get("dmm").get("uri").asText().substring(6));
        long t0 = System.nanoTime();
        if (mode.equals("train")) {
            ExecutorService jobs = Executors.newSingleThreadExecutor(r -> new Thread(r, "bedkd-jobs-1"));
            jobs.submit(() -> {
                try (TextClassifier student = ModelFormats.load(suspectDir)) {
                    List<String> texts = all.subList(0, trainRows);
                    int[] labels = new int[trainRows];
                    Random r = new Random(7);
                    for (int i = 0; i < trainRows; i++) labels[i] = r.nextInt(2);
                    TrainLoop.fit(student, TrainSettings.defaults(1, 42), List.of(new Phase("train",
                            TrainingSet.of("t", student, texts, labels), Objectives.crossEntropy(), 32)), TrainListener.NONE);
                }
                return null;
            }).get();
            jobs.shutdown();
        }
        System.out.printf(Locale.ROOT, "%s: before screening %.1f s%n", mode, (System.nanoTime() - t0) / 1e9);
        ExecutorService screening = Executors.newSingleThreadExecutor(r -> new Thread(r, "bedkd-screening-1"));
        try (TextClassifier s = ModelFormats.load(suspectDir); TextClassifier d = ModelFormats.load(dmmDir);
             var fs = s.frozenForInference(); var fd = d.frozenForInference()) {
            MepdScorer scorer = new MepdScorer(s, d, 64);
            screening.submit(() -> {
                List<String> texts = new ArrayList<>();
                for (int i = 0; i < 2000; i++) texts.add(all.get((i * 7) % all.size()));
                scorer.screen(texts.subList(0, 256));
                for (int round = 0; round < 3; round++) {
                    long s0 = System.nanoTime();
                    for (int i = 0; i < texts.size(); i += 256) scorer.screen(texts.subList(i, Math.min(texts.size(), i + 256)));
                    double sec = (System.nanoTime() - s0) / 1e9;
                    System.out.printf(Locale.ROOT, "%s round=%d rate=%.1f/s%n", mode, round, texts.size() / sec);
                }
                return null;
            }).get();
        }
        screening.shutdown();
    }
}
