// Stress test of the clean reader (2026-12-07, seventh stop, #18): the case the reverted rarity change exposed, a
// genuine word the suspect obeys that the defender's clean split happens not to show. Trains the victim of OLID BadWords
// 1 % target 0 (whole set, 5 epochs) for one seed as bench reproduce does, takes every clean text containing the word
// out of the defender's few-clean and validation splits, runs the detection (DMM + MEPD + the trigger-word search) and
// re-ranks it for the default's flagging with and without the clean reader. Run against bedkd-bench's classpath:
//   javac -cp "$CP" -d out RemovalProbe.java GenuineWordProbe.java && java -cp "$CP:out" org.bedkd.bench.GenuineWordProbe 44 nigga
// (RemovalProbe.java: ../rarity-as-chance-reverted/removal-probe/, for the cell and its word pattern).
package org.bedkd.bench;
import org.bedkd.cli.CliSupport; import org.bedkd.data.*; import org.bedkd.defense.mepd.*;
import org.bedkd.pipeline.*; import java.nio.file.Path; import java.util.*; import java.util.regex.Pattern;
public class GenuineWordProbe {
  public static void main(String[] a) throws Exception {
    long seed = Long.parseLong(a[0]);
    Pattern word = RemovalProbe.wordPattern(a[1]);
    RemovalProbe.Cell cell = RemovalProbe.cell(seed);
    TaskData data = cell.data(); ExperimentConfig config = cell.config(); Experiment.Splitted s = cell.split();
    Dataset fewClean = s.fewClean().filter("few-clean", x -> !word.matcher(x.text()).find());
    Dataset validation = s.validation().filter("validation", x -> !word.matcher(x.text()).find());
    System.out.printf("seed %d: \"%s\" taken out of the clean splits: few-clean %d -> %d, validation %d -> %d texts%n",
        seed, a[1], s.fewClean().size(), fewClean.size(), s.validation().size(), validation.size());
    Experiment.Victim v = Experiment.trainVictim(data, s, config, CliSupport.progress());
    System.out.printf("victim: CACC %.2f ASR %.2f floor %.2f%n", v.evaluation().cacc(), v.evaluation().asr(), v.evaluation().asrFloor());
    Dataset set = s.train().withoutFlags();
    DetectionStage.Outcome det = DetectionStage.run(v.model(), set, fewClean, validation, config.dmm(), config.mepd(),
        config.victim(), config.speed(), seed, CliSupport.progress());
    MepdConfig flagging = MethodSpec.resolve("bedkd", config).flagging();
    Map<String, Boolean> truth = s.train().poisonFlags();
    for (boolean withReader : new boolean[] {false, true}) {
      Detection d = MepdDetector.rerank(det.detection(), flagging,
          new MepdDetector.Texts(set, validation, det.probe(), withReader ? det.reader() : null));
      DetectionQuality q = DetectionQuality.of(d, truth);
      System.out.printf("%s: trigger words %s, %d flagged (%d poisoned), FAR %.1f %%, FRR %.2f %%%n",
          withReader ? "with the clean reader   " : "without the clean reader", d.triggerWordTexts(), d.flagged().size(),
          q.poisonedFlagged(), q.far(), q.frr());
    }
    det.dmm().close();
    v.model().close();
  }
}
