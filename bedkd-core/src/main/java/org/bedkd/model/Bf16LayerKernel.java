package org.bedkd.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One BERT layer in bf16, computed by the TorchScript method in {@code bf16-layer.pt} (written by
 * {@code src/main/python/bf16_layer.py}, whose header says why it is TorchScript and not DJL ops). Stateless: the
 * weights are passed in each call, so one loaded script serves every model in the process.
 */
public final class Bf16LayerKernel {

    private static final String RESOURCE = "/org/bedkd/model/bf16-layer.pt";
    /** Names DJL's IValue mapping passes through as plain tensors (checked on every call: compiled once). */
    private static final Pattern PLAIN_NAME = Pattern.compile("\\w*");
    private static volatile Bf16LayerKernel instance;

    /**
     * Whether {@link #frozenForward}'s attention runs in libtorch's fused kernel ({@code scaled_dot_product_attention})
     * rather than written out: on a CPU with AMX, where the fused kernel is the faster one for real sentences; on one
     * with avx512_bf16 only it is three times slower (the script's {@code _attention} has the numbers). GPUs take the
     * fused kernel either way; the trainable forward always writes it out on a CPU.
     */
    private static volatile boolean fusedAttention = Precision.cpuFlags().contains(" amx_bf16");

    /**
     * Whether {@link #frozenForward} keeps the residual stream between layers in bf16 (sums fused into the projections'
     * oneDNN kernels, no casts before the products), as inference on a model cast to bf16 does, rather than in fp32 as
     * autocast keeps it; the last layer hands fp32 on either way. MEPD 14 % faster on a Xeon with AMX, detection and
     * the purified models' accuracy unchanged (results/PERFORMANCE.md). {@code -Dbedkd.bf16.stream=false} keeps
     * autocast's fp32 stream (for comparing numerics with a PyTorch autocast run).
     */
    private static volatile boolean bf16Stream = Boolean.parseBoolean(System.getProperty("bedkd.bf16.stream", "true"));

    private final PtSymbolBlock script;
    /** {@link #packsOn} for the CPU, once known. */
    private volatile Boolean packsOnCpu;

    private Bf16LayerKernel(PtSymbolBlock script) {
        this.script = script;
    }

    /**
     * Achieved GFLOP/s of an m×k by k×n bf16 matmul in this process's libtorch (the bench's check that bf16 reaches
     * the fast kernels here): {@code repeats} products in one script call, median of 5 calls after 2 warm-ups.
     */
    public static double matmulGflops(int m, int k, int n, int repeats) {
        Bf16LayerKernel kernel = get();
        try (NDManager nd = DjlRuntime.engine().newBaseManager(DjlRuntime.device())) {
            NDArray a = nd.randomNormal(new Shape(m, k));
            NDArray b = nd.randomNormal(new Shape(k, n));
            NDArray count = nd.create((float) repeats);
            NDArray method = nd.create(0f);
            method.setName("module_method:matmul_probe");
            List<Double> seconds = new ArrayList<>();
            TorchScripts.prepareThread();
            for (int i = 0; i < 7; i++) {
                long t0 = System.nanoTime();
                NDList out = IValueUtils.forward(kernel.script, new NDList(a, b, count, method), false);
                out.get(0).getFloat(0, 0);
                out.close();
                if (i >= 2) {
                    seconds.add((System.nanoTime() - t0) / 1e9);
                }
            }
            Collections.sort(seconds);
            return 2.0 * m * k * n * repeats / seconds.get(seconds.size() / 2) / 1e9;
        }
    }

    /** Whether frozen inference's attention runs in libtorch's fused kernel on a CPU (see the field). */
    public static boolean fusedAttention() {
        return fusedAttention;
    }

    /** Switches the fused attention kernel on or off for the whole process: for the bench's one-at-a-time ablation. */
    public static void fusedAttention(boolean on) {
        fusedAttention = on;
    }

    /** Whether frozen inference keeps the residual stream in bf16 (see the field). */
    public static boolean bf16Stream() {
        return bf16Stream;
    }

    /** Switches the bf16 residual stream on or off for the whole process: for the bench's one-at-a-time ablation. */
    public static void bf16Stream(boolean on) {
        bf16Stream = on;
    }

    /** The process's kernel, loaded on first use (from the classpath: nothing is downloaded). */
    public static Bf16LayerKernel get() {
        Bf16LayerKernel k = instance;
        if (k == null) {
            synchronized (Bf16LayerKernel.class) {
                k = instance;
                if (k == null) {
                    k = new Bf16LayerKernel(TorchScripts.get(RESOURCE));
                    instance = k;
                }
            }
        }
        return k;
    }

    /**
     * The layer's dropout alone, in training mode: {@code x} with its mask applied (for tests of the mask), drawn as
     * the layer draws it on this device.
     */
    NDArray dropout(NDArray x, float p) {
        NDArray rate = x.getManager().create(p);
        NDArray method = x.getManager().create(0f);
        method.setName("module_method:dropout_probe");
        TorchScripts.prepareThread();
        return IValueUtils.forward(script, new NDList(x, rate, draws(x.getManager(), x.size()), method), true)
                .singletonOrThrow();
    }

    /**
     * Draws for {@code count} dropout decisions: made in Java on the CPU ({@link DropoutDraws}), none on a GPU,
     * where the script's own dropout is fast.
     */
    static NDArray draws(NDManager manager, long count) {
        boolean cpu = Device.Type.CPU.equals(manager.getDevice().getDeviceType());
        return count > 0 && cpu ? DropoutDraws.next(manager, count) : manager.create(new int[0]);
    }

    /**
     * {@code weight} cast to bf16 once, owned by {@code owner}, for {@link #frozenForward} (its biases, and its weights
     * where they are not {@link #pack packed}). DJL has no bf16 type of its own, so the copy is only ever handed back to
     * the script.
     */
    NDArray toBf16(NDArray weight, NDManager owner) {
        return callOnWeight("to_bf16", weight, owner);
    }

    private NDArray callOnWeight(String scriptMethod, NDArray weight, NDManager owner) {
        NDArray method = weight.getManager().create(0f);
        method.setName("module_method:" + scriptMethod);
        TorchScripts.prepareThread();
        // Autograd off, not InferenceMode: the copy is then a plain constant, which a forward pass that records a graph
        // (a frozen teacher inside a gradient collector) may use; an inference-mode tensor could not be saved there.
        try (NoGrad noGrad = NoGrad.scope()) {
            NDArray cast = IValueUtils.forward(script, new NDList(weight, method), true).singletonOrThrow();
            cast.attach(owner);
            return cast;
        } finally {
            method.close();
        }
    }

    /**
     * {@link #frozenForward}'s projections from one layer's fp32 weights in one script call: {@code weights} are
     * query, key, value, attention output, intermediate and output (weight, bias each); returned in the frozen order
     * (stacked query-key-value weight and bias, then attention output, intermediate and output), the query's third
     * scaled by {@code queryScale}, all in bf16, the weights {@link #pack packed} when {@code packed}. Owned by
     * {@code owner}.
     */
    NDList freezeLayer(NDList weights, float queryScale, boolean packed, NDManager owner) {
        NDManager calls = weights.get(0).getManager();
        NDArray settings = calls.create(new float[] {queryScale, packed ? 1 : 0});
        NDArray method = calls.create(0f);
        method.setName("module_method:freeze_layer");
        NDList in = new NDList(weights.size() + 2);
        in.addAll(weights);
        in.add(settings);
        in.add(method);
        TorchScripts.prepareThread();
        // Autograd off, as for callOnWeight.
        try (NoGrad noGrad = NoGrad.scope()) {
            NDList prepared = IValueUtils.forward(script, in, true);
            prepared.attach(owner);
            return prepared;
        } finally {
            settings.close();
            method.close();
        }
    }

    /**
     * Whether projection weights can be prepacked for oneDNN ({@link #pack}) on {@code device}: on a CPU whose
     * libtorch has oneDNN, found out once per process by packing a small weight.
     */
    boolean packsOn(Device device) {
        if (!Device.Type.CPU.equals(device.getDeviceType())) {
            return false;
        }
        Boolean packs = packsOnCpu;
        if (packs == null) {
            synchronized (this) {
                packs = packsOnCpu;
                if (packs == null) {
                    try (NDManager probe = DjlRuntime.engine().newBaseManager(device)) {
                        pack(probe.ones(new Shape(8, 8)), probe);
                        packs = true;
                    } catch (RuntimeException e) {
                        // A libtorch built without oneDNN: frozen inference then runs on plain bf16 copies.
                        packs = false;
                    }
                    packsOnCpu = packs;
                }
            }
        }
        return packs;
    }

    /**
     * {@code weight} cast to bf16 and reordered into oneDNN's blocked layout once, owned by {@code owner}: only
     * {@link #frozenForward} may take it (it is an opaque oneDNN tensor, not a strided one).
     */
    NDArray pack(NDArray weight, NDManager owner) {
        return callOnWeight("pack_linear", weight, owner);
    }

    /**
     * The layer for inference on frozen weights: {@code weights} are query, key and value stacked into one projection
     * (weight, bias), attention output, attention norm, intermediate, output, output norm; the projections' weights
     * from {@link #pack} when {@code packed}, else from {@link #toBf16}, and their biases in bf16. {@code settings}: a
     * float32 vector of heads, LayerNorm eps, activation code, packed (0/1), fused attention (0/1) and the residual
     * stream (0 fp32; 1 bf16 in and out; 2 bf16, fp32 out: the last layer). No autograd through the projections.
     * {@code hidden} is fp32, or on a bf16 stream the bf16 output of the layer before: DJL holds such a tensor and
     * passes it on, and nothing else reads it.
     */
    NDArray frozenForward(NDArray hidden, NDArray bias, NDList weights, NDArray settings) {
        NDArray method = hidden.getManager().create(0f);
        method.setName("module_method:frozen_forward");
        NDList in = layerInputs(hidden, bias, weights, settings, method);
        TorchScripts.prepareThread();
        try (NoGrad noGrad = NoGrad.scope()) {
            return IValueUtils.forward(script, in, true).singletonOrThrow();
        } finally {
            method.close();
        }
    }

    /**
     * Runs the layer. {@code weights} in the script's order (query, key, value, attention output, attention norm,
     * intermediate, output, output norm; weight then bias each); {@code settings} a float32 vector of heads,
     * attention dropout, hidden dropout, LayerNorm eps, activation code and training flag; {@code draws} the three
     * dropout masks' draws in order (attention probabilities, attention output, feed-forward output; each part empty
     * when its p is 0), or empty for libtorch's own masks.
     */
    NDArray forward(NDArray hidden, NDArray bias, NDList weights, NDArray settings, NDArray draws) {
        NDList in = layerInputs(hidden, bias, weights, settings, draws);
        TorchScripts.prepareThread();
        // isTrain=true runs the script under whatever grad mode DJL has set: recorded inside a GradientCollector,
        // not recorded outside it. (false would use InferenceMode, whose outputs cannot be saved for a backward
        // pass that uses them as constants, as distillation does with teacher outputs.)
        return IValueUtils.forward(script, in, true).singletonOrThrow();
    }

    /** A layer method's inputs in the script's order: hidden, bias, the weights, then {@code tail}. */
    private static NDList layerInputs(NDArray hidden, NDArray bias, NDList weights, NDArray... tail) {
        for (NDArray w : weights) {
            // DJL reads a name with "." or brackets as a method or container marker; parameters are "weight" etc.
            String name = w.getName();
            if (name != null && !PLAIN_NAME.matcher(name).matches()) {
                throw new IllegalStateException("parameter name '" + name + "' would be misread by DJL's IValue mapping");
            }
        }
        NDList in = new NDList(weights.size() + 2 + tail.length);
        // The first input's manager receives the output, so the caller's step scope frees it.
        in.add(hidden);
        in.add(bias);
        in.addAll(weights);
        in.addAll(Arrays.asList(tail));
        return in;
    }
}
