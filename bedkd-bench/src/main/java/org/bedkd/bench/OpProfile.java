package org.bedkd.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.bedkd.cli.CliSupport;
import org.bedkd.model.TextClassifier;
import org.bedkd.train.TrainSettings;

/**
 * Where a training step's time goes, op by op: libtorch's own (legacy autograd) profiler, which DJL exposes, around a
 * few training steps, reduced to <em>self</em> time per op (an op's time minus the ops it called), so matrix products
 * and the non-matmul work (LayerNorm, GELU, softmax, dropout, AdamW, clipping) can be told apart. Time inside no op at
 * all is ours: Java, JNI crossings and the training loop's bookkeeping.
 */
final class OpProfile {

    /** Matrix products: the part of a step that the machine's matmul peak bounds. */
    static final Set<String> MATMUL = Set.of("aten::mm", "aten::addmm", "aten::bmm", "aten::baddbmm",
            "aten::_mkldnn_linear", "mkldnn::linear", "aten::mkldnn_linear", "mkldnn::_linear_pointwise");

    /** Ops listed one by one; the rest are summed as "other". */
    static final int TOP = 15;

    /** One op's share of the profiled steps. */
    record OpTime(String op, double msPerStep, double callsPerStep) {
    }

    private OpProfile() {
    }

    /**
     * Profiles {@code steps} training steps on one fixed batch (after two unprofiled warm-up steps) and returns the
     * {@code op_profile} entry of {@code performance.json}.
     */
    static Map<String, Object> measure(TextClassifier model, List<String> texts, int[] labels, int steps)
            throws IOException {
        DjlProbes.trainSteps(model, texts, labels, 2, TrainSettings.defaults(1, 42));
        return profiled(() -> DjlProbes.trainSteps(model, texts, labels, steps, TrainSettings.defaults(1, 42)), steps);
    }

    /**
     * The same for inference: {@code repeats} forward passes of one batch of tokens (after two unprofiled ones),
     * "step" meaning one batch. The {@code op_profile_inference} entry.
     */
    static Map<String, Object> measureInference(TextClassifier model, long[][] tokens, int repeats)
            throws IOException {
        DjlProbes.inferBatches(model, tokens, 2, 0);
        return profiled(() -> DjlProbes.inferBatches(model, tokens, 0, repeats), repeats);
    }

    /** Runs {@code timed} (which returns the wall milliseconds of each of its {@code runs}) under the profiler. */
    private static Map<String, Object> profiled(Supplier<List<Double>> timed, int runs) throws IOException {
        Path trace = Files.createTempFile("bedkd-ops", ".json");
        try {
            List<Double> wall;
            JniUtils.startProfile(false, false, false);
            try {
                wall = timed.get();
            } finally {
                JniUtils.stopProfile(trace.toString());
            }
            List<OpTime> ops = selfTimes(CliSupport.json().readTree(trace.toFile()), runs);
            return summary(ops, wall.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN), runs);
        } finally {
            // The raw trace (every op call, ~MBs) is a tool's input, not a result.
            Files.deleteIfExists(trace);
        }
    }

    /**
     * Self time per op name over a chrome-trace event array (complete events: {@code name}, {@code ts}, {@code dur}
     * in µs, {@code tid}), sorted by time, largest first. An event's children are the events of the same thread that
     * lie inside it; its self time is its duration minus its direct children's.
     */
    static List<OpTime> selfTimes(JsonNode events, int steps) {
        Map<Long, List<JsonNode>> byThread = new HashMap<>();
        for (JsonNode e : events.isArray() ? events : events.path("traceEvents")) {
            if (e.has("dur") && e.has("ts")) {
                byThread.computeIfAbsent(e.path("tid").asLong(), t -> new ArrayList<>()).add(e);
            }
        }
        Map<String, double[]> totals = new HashMap<>(); // name -> {self µs, calls}
        for (List<JsonNode> thread : byThread.values()) {
            thread.sort(Comparator.<JsonNode>comparingDouble(e -> e.get("ts").asDouble())
                    .thenComparing(Comparator.<JsonNode>comparingDouble(e -> e.get("dur").asDouble()).reversed()));
            double[] self = new double[thread.size()];
            double[] end = new double[thread.size()];
            Deque<Integer> open = new ArrayDeque<>(); // indices of the events enclosing the current one
            for (int i = 0; i < thread.size(); i++) {
                double ts = thread.get(i).get("ts").asDouble();
                double dur = thread.get(i).get("dur").asDouble();
                while (!open.isEmpty() && end[open.peek()] <= ts) {
                    open.pop();
                }
                if (!open.isEmpty()) {
                    self[open.peek()] -= dur;
                }
                self[i] += dur;
                end[i] = ts + dur;
                open.push(i);
            }
            for (int i = 0; i < thread.size(); i++) {
                double[] t = totals.computeIfAbsent(thread.get(i).path("name").asText(), n -> new double[2]);
                t[0] += Math.max(0, self[i]);
                t[1]++;
            }
        }
        return totals.entrySet().stream()
                .map(e -> new OpTime(e.getKey(), e.getValue()[0] / 1000 / steps, e.getValue()[1] / steps))
                .sorted(Comparator.comparingDouble(OpTime::msPerStep).reversed()).toList();
    }

    /** The JSON entry: top ops with their share of the step's wall time, matmul vs the rest, time outside any op. */
    static Map<String, Object> summary(List<OpTime> ops, double wallMsPerStep, int steps) {
        double inOps = ops.stream().mapToDouble(OpTime::msPerStep).sum();
        double matmul = ops.stream().filter(o -> MATMUL.contains(o.op())).mapToDouble(OpTime::msPerStep).sum();
        List<Map<String, Object>> top = new ArrayList<>();
        for (OpTime o : ops.subList(0, Math.min(TOP, ops.size()))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("op", o.op());
            row.put("ms_per_step", o.msPerStep());
            row.put("share_of_step", o.msPerStep() / wallMsPerStep);
            row.put("calls_per_step", o.callsPerStep());
            top.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("steps", steps);
        out.put("wall_ms_per_step", wallMsPerStep);
        out.put("in_ops_ms_per_step", inOps);
        out.put("outside_ops_ms_per_step", Math.max(0, wallMsPerStep - inOps));
        out.put("matmul_ms_per_step", matmul);
        out.put("non_matmul_ms_per_step", inOps - matmul);
        out.put("op_calls_per_step", ops.stream().mapToDouble(OpTime::callsPerStep).sum());
        out.put("top", top);
        out.put("other_ms_per_step", inOps - top.stream().mapToDouble(r -> (Double) r.get("ms_per_step")).sum());
        out.put("commit", CliSupport.commit());
        return out;
    }
}
