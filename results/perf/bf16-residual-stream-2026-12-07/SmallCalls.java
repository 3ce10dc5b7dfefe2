// Behind small-calls.txt: one probabilities call of 1 to 32 texts with per-batch casts against the weights prepared
// for the call; run before TextClassifier.PREPARED_FROM existed (it sets where the second starts). Run as StreamAb.java says.
package org.bedkd.bench;
import org.bedkd.model.*; import org.bedkd.pipeline.TaskCatalog; import org.bedkd.data.*;
import java.util.*;
public class SmallCalls { public static void main(String[] a) throws Exception {
  var demo = TaskCatalog.demo();
  try (TextClassifier model = TextClassifier.fromPretrainedMiniLm("bench", demo.schema(), ClassifierConfig.miniLm(demo.schema().size(), 64))) {
    long[][] real = model.tokenizer().encode(demo.train().samples().subList(0, 64).stream().map(Sample::text).toList());
    // The sizes as arguments (this directory's run: none, 1 4 16 32; freeze-one-call-2026-12-07's: 1 4 8 12 16 24 32).
    int[] sizes = a.length == 0 ? new int[] {1, 4, 16, 32} : Arrays.stream(a).mapToInt(Integer::parseInt).toArray();
    for (int n : sizes) {
      long[][] part = Arrays.copyOf(real, n);
      List<Double> plain = new ArrayList<>(), frozen = new ArrayList<>();
      for (int r = 0; r < 12; r++) {
        long t0 = System.nanoTime(); model.probabilities(part, 32); if (r >= 2) plain.add((System.nanoTime() - t0) / 1e6);
        t0 = System.nanoTime(); try (var f = model.frozenForInference()) { model.probabilities(part, 32); } if (r >= 2) frozen.add((System.nanoTime() - t0) / 1e6);
      }
      System.out.printf("%d texts: per-call casts %.1f ms, prepared for the call %.1f ms%n", n, DjlProbes.median(plain), DjlProbes.median(frozen));
    }
  }
}}
