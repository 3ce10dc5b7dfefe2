import java.util.*;
import org.bedkd.model.*;
import org.bedkd.pipeline.TaskCatalog;
public class FrozenAb {
  public static void main(String[] a) throws Exception {
    var demo = TaskCatalog.demo();
    try (TextClassifier m = TextClassifier.fromPretrainedMiniLm("ab", demo.schema(), ClassifierConfig.miniLm(demo.schema().size(), 64))) {
      m.setPrecision(Precision.BF16);
      List<String> texts = demo.train().texts().subList(0, 1000);
      long[][] tokens = m.tokenizer().encode(texts);
      m.probabilities(tokens, 64);
      List<Double> plain = new ArrayList<>(), frozen = new ArrayList<>();
      for (int r = 0; r < 6; r++) {
        long t0 = System.nanoTime(); m.probabilities(tokens, 64); plain.add((System.nanoTime() - t0) / 1e6);
        try (var f = m.frozenForInference()) {
          t0 = System.nanoTime(); m.probabilities(tokens, 64); frozen.add((System.nanoTime() - t0) / 1e6);
        }
      }
      System.out.println("plain ms " + plain + "\nfrozen ms " + frozen);
      Collections.sort(plain); Collections.sort(frozen);
      System.out.printf("median plain %.0f ms, frozen %.0f ms (cast excluded), ratio %.3f%n", plain.get(3), frozen.get(3), frozen.get(3) / plain.get(3));
    }
  }
}
