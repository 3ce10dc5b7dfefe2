// Why do the screening bench's bursts speed up from the first to the last (60-67 % of capacity to 88-89 %)? A replica's
// poll hands over 1 to 256 records, cut into length-sorted batches of 64, so the batch shapes (rows x tokens) vary
// without end, while the capacity probe's polls are always 256 (four full batches). Screens 4 bursts of 2,500 SST-2
// sentences in polls of random size through one frozen bf16 MiniLM-L6, twice the same sequence; then polls of 256.
//   javac -cp "$CP" -d out ScreenBursts.java && java -cp "$CP:out" org.bedkd.model.ScreenBursts
package org.bedkd.model;
import org.bedkd.pipeline.TaskCatalog; import org.bedkd.data.Sample;
import java.util.*;
public class ScreenBursts {
  static double burst(TextClassifier m, List<String> texts, int[] polls) {
    long t0 = System.nanoTime(); int i = 0;
    for (int p : polls) { if (i >= texts.size()) break; List<String> poll = texts.subList(i, Math.min(texts.size(), i + p)); i += p;
      m.probabilities(m.tokenizer().encode(poll), 64); m.probabilities(m.tokenizer().encode(poll), 64); }
    return texts.size() / ((System.nanoTime() - t0) / 1e9);
  }
  public static void main(String[] a) throws Exception {
    var demo = TaskCatalog.demo();
    List<String> all = new ArrayList<>(); for (Sample s : demo.train().samples()) all.add(s.text());
    Collections.shuffle(all, new Random(3));
    System.out.println("texts: " + all.size());
    Random rng = new Random(5);
    try (TextClassifier m = TextClassifier.fromPretrainedMiniLm("s", demo.schema(), ClassifierConfig.miniLm(demo.schema().size(), 64))) {
      m.setPrecision(Precision.BF16);
      try (var frozen = m.frozenForInference()) {
        m.probabilities(m.tokenizer().encode(all.subList(0, 256)), 64);
        List<int[]> polls = new ArrayList<>();
        for (int b = 0; b < 4; b++) { int[] p = new int[400]; for (int j = 0; j < p.length; j++) p[j] = 1 + rng.nextInt(256); polls.add(p); }
        int[] full = new int[40]; Arrays.fill(full, 256);
        for (String pass : new String[] {"random polls, first time", "random polls, the same again", "polls of 256"}) {
          StringBuilder sb = new StringBuilder(pass + ":");
          for (int b = 0; b < 4; b++) {
            List<String> texts = all.subList((b * 2500) % (all.size() - 2500), (b * 2500) % (all.size() - 2500) + 2500);
            sb.append(String.format(" %.0f", burst(m, texts, pass.startsWith("polls") ? full : polls.get(b))));
          }
          System.out.println(sb + " records/s per burst");
        }
      }
    }
  }
}
