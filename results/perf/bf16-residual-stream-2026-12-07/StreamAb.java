// The paired A/B behind stream-ab.txt: frozen bf16 inference with the residual stream in bf16 and in fp32, alternating
// (the model is MiniLM-L6 with an untrained head: the probability check compares two numerics, not accuracy).
// Compiled and run against bedkd-bench's classpath (package-private DjlProbes), e.g.
//   javac -cp "$CP" -d out StreamAb.java && java -cp "$CP:out" org.bedkd.bench.StreamAb
package org.bedkd.bench;
import org.bedkd.model.*; import org.bedkd.pipeline.TaskCatalog; import org.bedkd.data.*;
import java.util.*;
public class StreamAb { public static void main(String[] a) throws Exception {
  var demo = TaskCatalog.demo();
  try (TextClassifier model = TextClassifier.fromPretrainedMiniLm("bench", demo.schema(), ClassifierConfig.miniLm(demo.schema().size(), 64));
       TextClassifier dmm = model.copy("dmm")) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; texts.size() < 32; i++) { StringBuilder t = new StringBuilder(); for (int j = 0; j < 8; j++) t.append(demo.train().get((i*8+j)%demo.train().size()).text()).append(' '); texts.add(t.toString()); }
    long[][] batch = model.tokenizer().encode(texts);
    long[][] real = model.tokenizer().encode(demo.train().samples().subList(0, 1024).stream().map(Sample::text).toList());
    System.out.println("precision " + model.precision() + " fused " + Bf16LayerKernel.fusedAttention() + " stream default " + Bf16LayerKernel.bf16Stream());
    float[][][] probs = new float[2][][];
    for (int v = 0; v < 2; v++) { Bf16LayerKernel.bf16Stream(v == 1); try (var f = model.frozenForInference()) { probs[v] = model.probabilities(real, 32); } }
    double worst = 0, sum = 0; int n = 0; int argmaxDiff = 0;
    for (int i = 0; i < probs[0].length; i++) { int a0 = 0, a1 = 0; for (int j = 0; j < probs[0][i].length; j++) { double d = Math.abs(probs[0][i][j] - probs[1][i][j]); worst = Math.max(worst, d); sum += d; n++; if (probs[0][i][j] > probs[0][i][a0]) a0 = j; if (probs[1][i][j] > probs[1][i][a1]) a1 = j; } if (a0 != a1) argmaxDiff++; }
    System.out.printf("stream vs fp32 stream: max |dp| %.2e, mean %.2e, argmax differs %d of %d%n", worst, sum / n, argmaxDiff, probs[0].length);
    Map<String, List<Double>> m = new TreeMap<>();
    for (int round = 0; round < 8; round++) for (boolean stream : (round % 2 == 0 ? new boolean[]{false, true} : new boolean[]{true, false})) {
      Bf16LayerKernel.bf16Stream(stream);
      List<Double> prep; try (var f = model.frozenForInference()) { prep = DjlProbes.inferBatches(model, batch, 2, 15); }
      double inf = DjlProbes.inferenceThroughput(model, real, 32);
      double mepd = DjlProbes.mepdThroughput(model, dmm, real, 32);
      m.computeIfAbsent(stream + " prepared", k -> new ArrayList<>()).add(DjlProbes.median(prep));
      m.computeIfAbsent(stream + " real", k -> new ArrayList<>()).add(inf);
      m.computeIfAbsent(stream + " mepd", k -> new ArrayList<>()).add(mepd);
      System.out.printf("round %d bf16 stream=%b: prepared %.1f ms, real %.0f/s, MEPD %.0f/s%n", round, stream, DjlProbes.median(prep), inf, mepd);
    }
    m.forEach((k, v) -> System.out.printf("%s median %.1f%n", k, DjlProbes.median(v)));
  }
}}
