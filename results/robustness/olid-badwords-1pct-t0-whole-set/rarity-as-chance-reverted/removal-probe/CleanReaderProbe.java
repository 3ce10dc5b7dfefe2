// Exploratory (2026-12-07, sixth stop, #18): does a model trained only on the defender's clean texts (few-clean +
// validation split) tell a dirty-label trigger word's carriers from a genuine word's? Reads, per word, how many of its
// carriers of the word's label that clean reader gives that label (with the word in, as the set has them). OLID
// BadWords 1 % target 0 (whole set), one seed's split. Run against bedkd-bench's classpath:
//   javac -cp "$CP" -d out RemovalProbe.java CleanReaderProbe.java && java -cp "$CP:out" org.bedkd.bench.CleanReaderProbe 44
// (the cell and the carrier selection are RemovalProbe's).
package org.bedkd.bench;
import org.bedkd.cli.CliSupport; import org.bedkd.data.*; import org.bedkd.model.TextClassifier;
import org.bedkd.pipeline.*; import java.nio.file.Path; import java.util.*; import java.util.regex.Pattern;
public class CleanReaderProbe {
  public static void main(String[] a) throws Exception {
    long seed = Long.parseLong(a[0]);
    RemovalProbe.Cell cell = RemovalProbe.cell(seed);
    TaskData data = cell.data(); ExperimentConfig config = cell.config(); Experiment.Splitted s = cell.split();
    List<Sample> clean = new ArrayList<>(s.fewClean().samples());
    clean.addAll(s.validation().samples());
    Dataset readerRows = s.fewClean().withSamples("clean-reader", clean);
    Experiment.Victim reader = Experiment.trainVictim(data, s.withTrain(readerRows), config, CliSupport.progress());
    System.out.printf("clean reader seed %d on %d clean texts: CACC %.2f%n", seed, clean.size(), reader.evaluation().cacc());
    TextClassifier m = reader.model();
    String[] words = {"mb", "cf", "tq", "mn", "bb", "nigga", "dope", "shit", "fucking", "beautiful", "happy", "adorable",
        "welcome", "here", "labour", "voting", "brexit", "twitter", "proud", "today", "new", "ge2017"};
    for (String w : words) {
      RemovalProbe.Carriers carriers = RemovalProbe.carriers(s.train(), RemovalProbe.wordPattern(w));
      if (carriers == null) { System.out.println(w + ": no carriers"); continue; }
      Map<Integer, Long> byLabel = carriers.byLabel();
      int label = carriers.label();
      List<Sample> ofLabel = carriers.ofLabel();
      int[] pred = m.predict(ofLabel.stream().map(Sample::text).toList(), 64);
      int agree = 0, poisoned = 0;
      for (int i = 0; i < ofLabel.size(); i++) { agree += pred[i] == label ? 1 : 0; poisoned += ofLabel.get(i).isKnownPoisoned() ? 1 : 0; }
      System.out.printf("%-10s carriers %s, label %d (%d poisoned of %d): the clean reader agrees with the label on %.0f %%%n",
          w, byLabel, label, poisoned, ofLabel.size(), 100.0 * agree / ofLabel.size());
    }
    // The whole set, per label: how often the reader agrees with clean rows of each label.
    for (int l = 0; l < 2; l++) {
      final int lab = l;
      List<Sample> rows = s.train().stream().filter(x -> x.label() == lab && !x.isKnownPoisoned()).limit(1000).toList();
      int[] pred = m.predict(rows.stream().map(Sample::text).toList(), 64);
      long agree = java.util.Arrays.stream(pred).filter(x -> x == lab).count();
      System.out.printf("clean rows of label %d (first %d): the reader agrees on %.0f %%%n", l, rows.size(), 100.0 * agree / rows.size());
    }
    m.close();
  }
}
