// Exploratory (2026-12-07, seventh stop, #18; its setup moved into detect() for CrossFitProbe the next stop, not re-run): can the clean reader tell a flagged MEPD tail that is poison from one that
// is the victim's memorised clean rows? Where no trigger word is named, the default flags the tail under the fitted γ
// when it shows an excess over clean text; on a clean OLID set (seed 43) that excess was memorisation and 503 clean
// tweets were flagged. Trains the cell's victim as bench reproduce does, runs the detection with the default's flagging,
// then has the clean reader (trained on the defender's 600 clean texts) read, per label, the flagged rows against the
// rest of that label: a one-sided binomial test that it agrees with the flagged rows' labels no less often.
//   java -cp "$CP:out" org.bedkd.bench.TailReaderProbe olid badwords 0 0 2 43 3000     (rate "staged": the staged set)
package org.bedkd.bench;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.bedkd.cli.CliSupport; import org.bedkd.data.*; import org.bedkd.defense.mepd.*;
import org.bedkd.pipeline.*; import java.nio.file.Path; import java.util.*;
public class TailReaderProbe {
  /** A cell's victim trained as bench reproduce does, and its default detection (CrossFitProbe shares it). */
  record Cell(Experiment.Splitted s, Experiment.Victim v, Dataset set, DetectionStage.Outcome det, Detection d) {}

  static Cell detect(String[] a) {
    String ds = a[0], attack = a[1]; long seed = Long.parseLong(a[5]);
    CliSupport.applyRuntime();
    Path root = Path.of("/work/shared/data");
    TaskData data = a[2].equals("staged") ? TaskCatalog.load(root, ds, attack)
        : TaskCatalog.built(root, ds, attack, Double.parseDouble(a[2]), Integer.parseInt(a[3]));
    ExperimentConfig config = CliSupport.config("quick", Map.of("victimEpochs", a[4], "trainRows", a[6]), seed);
    Experiment.Splitted s = Experiment.split(data, config);
    Experiment.Victim v = Experiment.trainVictim(data, s, config, CliSupport.progress());
    System.out.printf("%s %s rate %s target %s seed %d: %d rows, %d poisoned; victim CACC %.2f ASR %.2f%n", ds, attack, a[2],
        a[3], seed, s.train().size(), s.train().poisonedCount(), v.evaluation().cacc(), v.evaluation().asr());
    Dataset set = s.train().withoutFlags();
    DetectionStage.Outcome det = DetectionStage.run(v.model(), set, s.fewClean(), s.validation(), config.dmm(), config.mepd(),
        config.victim(), config.speed(), seed, CliSupport.progress());
    Detection d = MepdDetector.rerank(det.detection(), MethodSpec.resolve("bedkd", config).flagging(),
        new MepdDetector.Texts(set, s.validation(), det.probe(), det.reader()));
    return new Cell(s, v, set, det, d);
  }

  public static void main(String[] a) throws Exception {
    Cell c = detect(a);
    Experiment.Splitted s = c.s(); Dataset set = c.set(); DetectionStage.Outcome det = c.det(); Detection d = c.d();
    Experiment.Victim v = c.v();
    Map<String, Boolean> truth = s.train().poisonFlags();
    Set<String> flagged = new HashSet<>(d.flaggedIds());
    long poisonedFlagged = flagged.stream().filter(id -> Boolean.TRUE.equals(truth.get(id))).count();
    System.out.printf("detection: %s; %d flagged, %d of them poisoned%n", d.describeRule(), flagged.size(), poisonedFlagged);
    for (int label : set.labelCounts().keySet().stream().sorted().toList()) {
      List<Sample> tail = set.stream().filter(x -> x.label() == label && flagged.contains(x.id())).toList();
      List<Sample> rest = set.stream().filter(x -> x.label() == label && !flagged.contains(x.id())).toList();
      if (tail.isEmpty()) continue;
      int[] rt = det.reader().read(tail.stream().map(Sample::text).toList());
      int[] rr = det.reader().read(rest.stream().map(Sample::text).toList());
      int agree = (int) Arrays.stream(rt).filter(l -> l == label).count();
      double base = Arrays.stream(rr).filter(l -> l == label).count() / (double) rr.length;
      long poisoned = tail.stream().filter(x -> Boolean.TRUE.equals(truth.get(x.id()))).count();
      double p = new BinomialDistribution(tail.size(), base).cumulativeProbability(agree);
      System.out.printf("label %d: %d flagged (%d poisoned); the clean reader gives their label to %.1f %% of them, %.1f %% of the rest of the label (p %.2g)%n",
          label, tail.size(), poisoned, 100.0 * agree / tail.size(), 100 * base, p);
    }
    det.dmm().close();
    v.model().close();
  }
}
