// Behind freeze-ab.txt: preparing the frozen bf16 weights of MiniLM-L6 in one script call per layer (TransformerLayer.freeze
// since this change) against one call per tensor (the code before, written out here as oldFreeze), alternating; and
// whether both give the same frozen forward. In package org.bedkd.model (package-private fields); compiled and run as
//   javac -cp "$CP" -d out FreezeAb.java && java -cp "$CP:out" org.bedkd.model.FreezeAb   (CP: bedkd-bench's classpath)
package org.bedkd.model;
import org.bedkd.pipeline.TaskCatalog; import org.bedkd.data.*;
import ai.djl.ndarray.*; import ai.djl.nn.*; import ai.djl.nn.core.Linear; import ai.djl.training.ParameterStore;
import java.util.*;
public class FreezeAb {
  static double med(List<Double> l){ var c=new ArrayList<>(l); Collections.sort(c); return c.get(c.size()/2);}
  static NDArray v(ParameterStore ps, AbstractBlock b, String p){ return ps.getValue(b.getParameters().get(p), ps.getManager().getDevice(), false); }
  // The freeze before this change: one script call per tensor, scale and concat in fp32 through DJL.
  static boolean install; static boolean last;
  static void oldFreeze(TransformerLayer L, NDManager owner, Bf16LayerKernel kernel) {
    ParameterStore ps = new ParameterStore(owner, false); NDList weights = new NDList();
    try (NDManager scratch = owner.newSubManager()) {
      NDList qkv = new NDList(), qb = new NDList(); float c = (float)(1/Math.sqrt(32));
      for (Linear l : new Linear[]{L.query, L.key, L.value}) { NDArray w = v(ps,l,"weight"), b = v(ps,l,"bias"); if (l == L.query) { w = w.mul(c); b = b.mul(c); w.attach(scratch); b.attach(scratch);} qkv.add(w); qb.add(b); }
      NDArray s = NDArrays.concat(qkv, 0), sb = NDArrays.concat(qb, 0); s.attach(scratch); sb.attach(scratch);
      weights.add(kernel.pack(s, owner)); weights.add(kernel.toBf16(sb, owner));
    }
    for (AbstractBlock b : new AbstractBlock[]{L.attentionOutput, L.attentionNorm, L.intermediate, L.output, L.outputNorm}) {
      if (b instanceof Linear l) { weights.add(kernel.pack(v(ps,l,"weight"), owner)); weights.add(kernel.toBf16(v(ps,l,"bias"), owner)); }
      else { weights.add(v(ps,b,"gamma")); weights.add(v(ps,b,"beta")); }
    }
    if (install) try {
      Class<?> fr = Class.forName("org.bedkd.model.TransformerLayer$Frozen");
      var ctor = fr.getDeclaredConstructors()[0]; ctor.setAccessible(true);
      var f = TransformerLayer.class.getDeclaredField("frozenWeights"); f.setAccessible(true);
      f.set(L, ctor.newInstance(weights, true, last));
    } catch (Exception e) { throw new RuntimeException(e); }
  }
  public static void main(String[] a) throws Exception {
    var demo = TaskCatalog.demo();
    try (TextClassifier model = TextClassifier.fromPretrainedMiniLm("bench", demo.schema(), ClassifierConfig.miniLm(demo.schema().size(), 64))) {
      var kernel = Bf16LayerKernel.get(); kernel.packsOn(ai.djl.Device.cpu());
      List<TransformerLayer> layers = model.block().layers;
      Map<String, List<Double>> m = new TreeMap<>();
      for (int r = 0; r < 40; r++) for (int k = 0; k < 2; k++) {
        boolean neu = (r + k) % 2 == 0;
        try (NDManager owner = model.model().getNDManager().newSubManager()) {
          long t0 = System.nanoTime();
          for (int i = 0; i < layers.size(); i++) { if (neu) layers.get(i).freeze(owner, i == 5); else oldFreeze(layers.get(i), owner, kernel); }
          double ms = (System.nanoTime() - t0) / 1e6;
          if (r >= 4) m.computeIfAbsent(neu ? "one call per layer" : "one call per tensor", x -> new ArrayList<>()).add(ms);
          for (var L : layers) L.unfreeze();
        }
      }
      long[][] batch = model.tokenizer().encode(demo.train().samples().subList(0, 64).stream().map(Sample::text).toList());
      float[][][] probs = new float[2][][];
      for (int k = 0; k < 2; k++) try (NDManager owner = model.model().getNDManager().newSubManager()) {
        // frozen scope bookkeeping bypassed: layers serve whatever freeze left in place
        install = true; for (int i = 0; i < layers.size(); i++) { last = i == 5; if (k == 0) layers.get(i).freeze(owner, i == 5); else oldFreeze(layers.get(i), owner, kernel); }
        probs[k] = model.probabilities(Arrays.copyOf(batch, 16), 16);
        for (var L : layers) L.unfreeze();
      }
      double worst = 0; for (int i = 0; i < probs[0].length; i++) for (int j = 0; j < probs[0][i].length; j++) worst = Math.max(worst, Math.abs(probs[0][i][j] - probs[1][i][j]));
      System.out.println("max |dp| new vs old freeze: " + worst);
      m.forEach((k, l) -> System.out.printf("%s: median %.2f ms (min %.2f) over %d%n", k, med(l), Collections.min(l), l.size()));
    }
  }
}
