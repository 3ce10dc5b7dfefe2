// Behind freeze-cost.txt: what preparing the weights once costs (open and close a frozen scope) and what a 400-text
// validation pass takes in one call (prepared once, the code since this change) against batch by batch (casts every
// batch, as before). Run against bedkd-bench's classpath as StreamAb.java says.
package org.bedkd.bench;
import org.bedkd.model.*; import org.bedkd.pipeline.TaskCatalog; import org.bedkd.data.*;
import java.util.*;
public class FreezeCost { public static void main(String[] a) throws Exception {
  var demo = TaskCatalog.demo();
  try (TextClassifier model = TextClassifier.fromPretrainedMiniLm("bench", demo.schema(), ClassifierConfig.miniLm(demo.schema().size(), 64))) {
    long[][] real = model.tokenizer().encode(demo.train().samples().subList(0, 400).stream().map(Sample::text).toList());
    long[][] one = Arrays.copyOf(real, 32);
    long[][] sorted = real.clone(); Arrays.sort(sorted, Comparator.comparingInt(t -> t.length));
    List<Double> freeze = new ArrayList<>(), val = new ArrayList<>(), valOld = new ArrayList<>(), batch = new ArrayList<>();
    for (int r = 0; r < 8; r++) {
      long t0 = System.nanoTime(); try (var f = model.frozenForInference()) { freeze.add((System.nanoTime() - t0) / 1e6); }
      t0 = System.nanoTime(); model.probabilities(real, 32); val.add((System.nanoTime() - t0) / 1e6);
      t0 = System.nanoTime(); model.probabilities(one, 32); batch.add((System.nanoTime() - t0) / 1e6);
      // the old behaviour: batch by batch without a scope
      t0 = System.nanoTime(); for (int i = 0; i < real.length; i += 32) model.probabilities(Arrays.copyOfRange(sorted, i, Math.min(real.length, i + 32)), 32); valOld.add((System.nanoTime() - t0) / 1e6);
    }
    System.out.printf("freeze (open+close) %.1f ms; 400 texts in one call %.0f ms; batch by batch %.0f ms; one batch of 32 unprepared %.1f ms%n",
      DjlProbes.median(freeze), DjlProbes.median(val), DjlProbes.median(valOld), DjlProbes.median(batch));
  }
}}
