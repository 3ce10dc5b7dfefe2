// Behind pack-ab.txt: frozen weights prepacked for oneDNN against plain bf16 copies (packsOn forced by reflection), 10
// alternating rounds: preparing, the forward on a batch of 32 x 64 tokens, and a whole one-batch call. In package org.bedkd.model.
package org.bedkd.model;
import org.bedkd.pipeline.TaskCatalog; import org.bedkd.data.*;
import java.util.*;
public class PackAb { 
  static double med(List<Double> l){ var c=new ArrayList<>(l); Collections.sort(c); return c.get(c.size()/2);} 
  public static void main(String[] a) throws Exception {
  var demo = TaskCatalog.demo();
  var f = Bf16LayerKernel.class.getDeclaredField("packsOnCpu"); f.setAccessible(true);
  try (TextClassifier model = TextClassifier.fromPretrainedMiniLm("bench", demo.schema(), ClassifierConfig.miniLm(demo.schema().size(), 64))) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; texts.size() < 32; i++) { StringBuilder t = new StringBuilder(); for (int j = 0; j < 8; j++) t.append(demo.train().get((i*8+j)%demo.train().size()).text()).append(' '); texts.add(t.toString()); }
    long[][] batch = model.tokenizer().encode(texts);
    Bf16LayerKernel.get().packsOn(ai.djl.Device.cpu());
    Map<String, List<Double>> m = new TreeMap<>();
    for (int round = 0; round < 10; round++) for (boolean packed : (round % 2 == 0 ? new boolean[]{false, true} : new boolean[]{true, false})) {
      f.set(Bf16LayerKernel.get(), packed);
      for (int w = 0; w < 2; w++) model.probabilities(batch, 32);
      long t0 = System.nanoTime(); var s = model.frozenForInference(); double prep = (System.nanoTime()-t0)/1e6;
      List<Double> fw = new ArrayList<>();
      for (int i = 0; i < 7; i++) { t0 = System.nanoTime(); model.probabilities(batch, 32); fw.add((System.nanoTime()-t0)/1e6); }
      t0 = System.nanoTime(); s.close(); double close = (System.nanoTime()-t0)/1e6;
      List<Double> call = new ArrayList<>();
      for (int i = 0; i < 5; i++) { t0 = System.nanoTime(); model.probabilities(batch, 32); call.add((System.nanoTime()-t0)/1e6); }
      m.computeIfAbsent(packed+" prep", k->new ArrayList<>()).add(prep);
      m.computeIfAbsent(packed+" fwd", k->new ArrayList<>()).add(med(fw));
      m.computeIfAbsent(packed+" close", k->new ArrayList<>()).add(close);
      m.computeIfAbsent(packed+" call", k->new ArrayList<>()).add(med(call));
    }
    m.forEach((k,v)->System.out.printf("%s median %.1f ms %s%n", k, med(v), v));
  }
}}
