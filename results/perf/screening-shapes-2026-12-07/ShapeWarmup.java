// Does a batch shape the model has not run before cost more than one it has (oneDNN creating its primitives for the
// new shape)? MiniLM-L6, bf16, weights frozen once; synthetic token ids, every text of a batch the same length, so one
// call is one batch of exactly (rows, tokens). Run against bedkd-bench's classpath:
//   javac -cp "$CP" -d out ShapeWarmup.java && java -cp "$CP:out" org.bedkd.model.ShapeWarmup
package org.bedkd.model;
import org.bedkd.pipeline.TaskCatalog;
import java.util.*;
public class ShapeWarmup {
  static long[][] batch(int rows, int tokens, Random rng) {
    long[][] t = new long[rows][tokens];
    for (long[] r : t) { r[0] = 101; for (int j = 1; j < tokens - 1; j++) r[j] = 1000 + rng.nextInt(20000); r[tokens - 1] = 102; }
    return t;
  }
  static double time(TextClassifier m, long[][] t) {
    long t0 = System.nanoTime(); m.probabilities(t, t.length); return (System.nanoTime() - t0) / 1e6;
  }
  public static void main(String[] a) throws Exception {
    var demo = TaskCatalog.demo();
    Random rng = new Random(1);
    try (TextClassifier model = TextClassifier.fromPretrainedMiniLm("shape", demo.schema(), ClassifierConfig.miniLm(demo.schema().size(), 64))) {
      model.setPrecision(Precision.BF16);
      try (var frozen = model.frozenForInference()) {
        for (int i = 0; i < 20; i++) time(model, batch(32, 32, rng));
        System.out.printf("warm (32 x 32): %.1f ms%n", time(model, batch(32, 32, rng)));
        int[][] shapes = {{32, 17}, {32, 23}, {32, 29}, {32, 37}, {32, 41}, {32, 47}, {32, 53}, {32, 59},
            {5, 32}, {11, 32}, {19, 32}, {27, 32}, {13, 21}, {7, 43}, {29, 11}, {23, 57}};
        double firstSum = 0, againSum = 0;
        for (int[] s : shapes) {
          double first = time(model, batch(s[0], s[1], rng));
          double second = time(model, batch(s[0], s[1], rng));
          double third = time(model, batch(s[0], s[1], rng));
          firstSum += first; againSum += Math.min(second, third);
          System.out.printf("(%2d x %2d): first %.1f ms, then %.1f / %.1f ms%n", s[0], s[1], first, second, third);
        }
        System.out.printf("over %d new shapes: first calls %.0f ms, the same shapes again %.0f ms%n", shapes.length, firstSum, againSum);
      }
    }
  }
}
