// The paired A/B behind fused-ab.txt: frozen bf16 inference with attention fused and written out, alternating.
// Compiled and run against bedkd-bench's classpath (package-private DjlProbes), e.g.
//   javac -cp "$CP" -d out FusedAb.java && java -cp "$CP:out" org.bedkd.bench.FusedAb
package org.bedkd.bench;
import org.bedkd.model.*; import org.bedkd.pipeline.TaskCatalog; import org.bedkd.data.*;
import java.util.*;
public class FusedAb { public static void main(String[] a) throws Exception {
  var demo = TaskCatalog.demo();
  try (TextClassifier model = TextClassifier.fromPretrainedMiniLm("bench", demo.schema(), ClassifierConfig.miniLm(demo.schema().size(), 64));
       TextClassifier dmm = model.copy("dmm")) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; texts.size() < 32; i++) { StringBuilder t = new StringBuilder(); for (int j = 0; j < 8; j++) t.append(demo.train().get((i*8+j)%demo.train().size()).text()).append(' '); texts.add(t.toString()); }
    long[][] batch = model.tokenizer().encode(texts);
    long[][] real = model.tokenizer().encode(demo.train().samples().subList(0, 1024).stream().map(Sample::text).toList());
    System.out.println("precision " + model.precision() + " fused default " + Bf16LayerKernel.fusedAttention());
    Map<String, List<Double>> m = new TreeMap<>();
    for (int round = 0; round < 8; round++) for (boolean fused : (round % 2 == 0 ? new boolean[]{false, true} : new boolean[]{true, false})) {
      Bf16LayerKernel.fusedAttention(fused);
      List<Double> prep; try (var f = model.frozenForInference()) { prep = DjlProbes.inferBatches(model, batch, 2, 15); }
      double inf = DjlProbes.inferenceThroughput(model, real, 32);
      double mepd = DjlProbes.mepdThroughput(model, dmm, real, 32);
      m.computeIfAbsent(fused + " prepared", k -> new ArrayList<>()).add(DjlProbes.median(prep));
      m.computeIfAbsent(fused + " real", k -> new ArrayList<>()).add(inf);
      m.computeIfAbsent(fused + " mepd", k -> new ArrayList<>()).add(mepd);
      System.out.printf("round %d fused=%b: prepared %.1f ms, real %.0f/s, MEPD %.0f/s%n", round, fused, DjlProbes.median(prep), inf, mepd);
    }
    m.forEach((k, v) -> System.out.printf("%s median %.1f%n", k, DjlProbes.median(v)));
  }
}}
