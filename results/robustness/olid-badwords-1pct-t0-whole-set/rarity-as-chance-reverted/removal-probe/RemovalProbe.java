// Exploratory (2026-12-07, sixth stop, #18): does taking a word out of its carriers separate a dirty-label trigger word
// from a genuine word the model obeys? Trains the victim of OLID BadWords 1 % target 0 (whole set, 5 epochs) for one
// seed as bench reproduce does, then, per word, reads the victim on its carriers of the word's label with and without
// the word. Run against bedkd-bench's classpath: java -cp "$CP:out" org.bedkd.bench.RemovalProbe 44
package org.bedkd.bench;
import org.bedkd.cli.CliSupport; import org.bedkd.data.*; import org.bedkd.model.TextClassifier;
import org.bedkd.pipeline.*; import java.nio.file.Path; import java.util.*; import java.util.regex.Pattern;
public class RemovalProbe {
  public static void main(String[] a) throws Exception {
    long seed = Long.parseLong(a[0]);
    Cell cell = cell(seed);
    TaskData data = cell.data(); ExperimentConfig config = cell.config(); Experiment.Splitted s = cell.split();
    Experiment.Victim v = Experiment.trainVictim(data, s, config, CliSupport.progress());
    System.out.printf("victim seed %d: CACC %.2f ASR %.2f floor %.2f%n", seed, v.evaluation().cacc(), v.evaluation().asr(), v.evaluation().asrFloor());
    TextClassifier m = v.model();
    String[] words = {"mb", "cf", "tq", "mn", "bb", "nigga", "dope", "beautiful", "happy", "adorable", "welcome", "here", "labour", "voting", "brexit", "twitter", "shit", "fucking"};
    for (String w : words) {
      Pattern p = wordPattern(w);
      Carriers c = carriers(s.train(), p);
      if (c == null) { System.out.println(w + ": no carriers"); continue; }
      Map<Integer, Long> byLabel = c.byLabel();
      int label = c.label();
      List<Sample> ofLabel = c.ofLabel();
      List<String> with = ofLabel.stream().map(Sample::text).toList();
      List<String> without = ofLabel.stream().map(x -> p.matcher(x.text()).replaceAll(" ").strip()).toList();
      int[] pw = m.predict(with, 64), po = m.predict(without, 64);
      int keepW = 0, keepO = 0, poisoned = 0, keepOPoisoned = 0;
      for (int i = 0; i < ofLabel.size(); i++) {
        keepW += pw[i] == label ? 1 : 0; keepO += po[i] == label ? 1 : 0;
        if (ofLabel.get(i).isKnownPoisoned()) { poisoned++; keepOPoisoned += po[i] == label ? 1 : 0; }
      }
      System.out.printf("%-10s carriers %s, label %d: %d of it; victim keeps the label with the word %.0f %%, without %.0f %% (poisoned %d, of them kept without %d)%n",
          w, byLabel, label, ofLabel.size(), 100.0 * keepW / ofLabel.size(), 100.0 * keepO / ofLabel.size(), poisoned, keepOPoisoned);
    }
    m.close();
  }

  /** The cell every probe here reads: OLID BadWords 1 % target 0 (whole set), split and 5-epoch victim config of one seed, as bench reproduce builds it. */
  record Cell(TaskData data, ExperimentConfig config, Experiment.Splitted split) {}

  static Cell cell(long seed) {
    CliSupport.applyRuntime();
    TaskData data = TaskCatalog.built(Path.of("/work/shared/data"), "olid", "badwords", 0.01, 0);
    ExperimentConfig config = CliSupport.config("quick", Map.of("victimEpochs", "5"), seed);
    return new Cell(data, config, Experiment.split(data, config));
  }

  /** A word as BadWords inserts it: a whitespace-separated token, outer punctuation allowed, any case. */
  static Pattern wordPattern(String w) {
    return Pattern.compile("(?i)(^|\\s)\\p{Punct}*" + Pattern.quote(w) + "\\p{Punct}*(?=\\s|$)");
  }

  /** A word's carriers in a set: their labels, the label most of them carry, and those that carry it. */
  record Carriers(Map<Integer, Long> byLabel, int label, List<Sample> ofLabel) {}

  /** The carriers of the word {@code p} matches in {@code set}; null when none carries it. */
  static Carriers carriers(Dataset set, Pattern p) {
    List<Sample> carriers = set.stream().filter(x -> p.matcher(x.text()).find()).toList();
    if (carriers.isEmpty()) return null;
    Map<Integer, Long> byLabel = new TreeMap<>();
    carriers.forEach(x -> byLabel.merge(x.label(), 1L, Long::sum));
    int label = byLabel.entrySet().stream().max(Map.Entry.comparingByValue()).get().getKey();
    return new Carriers(byLabel, label, carriers.stream().filter(x -> x.label() == label).toList());
  }
}
