// Exploratory, then the check's measurement (2026-12-07, eighth stop, #18): is a flagged MEPD tail without trigger words
// poison or the victim's memorised clean rows? Poison is a rule (trigger -> label) that a model learns from some carriers
// and applies to others; memorised label noise is no rule. Trains the cell's victim as bench reproduce does, runs the
// default detection, then TailCheck (core) on the rows under gamma: readers taught one half read the other, against
// the clean reader, with rows outside the tail as the control. Where the detector ran the check itself (no word named)
// its own verdict is printed. cross-fit-v1.txt: the first version (agreement without a control), run before TailCheck.
//   javac -d out -cp "$CP" CrossFitProbe.java ../tail-reader/TailReaderProbe.java   (its cell setup is TailReaderProbe.detect)
//   java -cp "$CP:out" org.bedkd.bench.CrossFitProbe olid badwords 0 0 2 43 3000     (rate "staged": the staged set)
package org.bedkd.bench;
import org.bedkd.data.*; import org.bedkd.defense.mepd.*;
import org.bedkd.pipeline.*; import java.util.*;
public class CrossFitProbe {
  public static void main(String[] a) throws Exception {
    TailReaderProbe.Cell c = TailReaderProbe.detect(a);
    Experiment.Splitted s = c.s(); Dataset set = c.set(); DetectionStage.Outcome det = c.det(); Detection d = c.d();
    Experiment.Victim v = c.v();
    det.dmm().close();
    v.model().close();
    Map<String, Boolean> truth = s.train().poisonFlags();
    Set<String> flagged = new HashSet<>(d.flaggedIds());
    long poisonedFlagged = flagged.stream().filter(id -> Boolean.TRUE.equals(truth.get(id))).count();
    System.out.printf("detection: %s; %d flagged, %d of them poisoned%n", d.describeRule(), flagged.size(), poisonedFlagged);
    // The check as the detector runs it where no word is named: on the rows under gamma.
    Set<String> below = new HashSet<>();
    d.ranked().subList(0, d.belowGamma()).forEach(x -> below.add(x.id()));
    List<Sample> tail = set.stream().filter(x -> below.contains(x.id())).toList();
    List<Sample> rest = set.stream().filter(x -> !below.contains(x.id())).toList();
    long poisonedBelow = tail.stream().filter(x -> Boolean.TRUE.equals(truth.get(x.id()))).count();
    long t0 = System.nanoTime();
    TailCheck.Verdict verdict = d.tailCheck() != null ? d.tailCheck() : TailCheck.of(tail, rest, det.reader());
    System.out.printf("tail check on the %d rows under gamma (%d poisoned)%s: learnable %s; %s (%.0f s)%n", tail.size(),
        poisonedBelow, d.tailCheck() != null ? " (the detector's own)" : "", verdict.learnable(), verdict.describe(),
        (System.nanoTime() - t0) / 1e9);
    for (TailCheck.Label l : verdict.labels())
      System.out.printf("  label %d: taught share %.2f, p %.2g%n", l.label(), l.taughtShare(), l.p());
  }

}
