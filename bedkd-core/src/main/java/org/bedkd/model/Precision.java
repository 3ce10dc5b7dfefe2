package org.bedkd.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How the encoder layers compute. {@link #FP32} runs every op in float32 through DJL. {@link #BF16} is
 * {@code torch.autocast}'s recipe: projections, attention and the feed-forward in bfloat16, residual sums, LayerNorm,
 * the head, the losses and the optimizer's master weights in float32. Weights and every tensor a caller sees stay
 * float32, so checkpoints, exports and the losses are the same in both.
 */
public enum Precision {
    FP32,
    BF16;

    /**
     * {@code fp32}, {@code bf16} or {@code auto} ({@link #detect}); case-insensitive. Anything else fails naming the
     * choices.
     */
    public static Precision parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "fp32", "float32" -> FP32;
            case "bf16", "bfloat16" -> BF16;
            case "auto" -> detect().precision();
            default -> throw new IllegalArgumentException("precision must be fp32, bf16 or auto, was '" + text + "'");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What {@code auto} chose, and why (reported at start, in benches and job reports). */
    public record Detected(Precision precision, String reason) {
    }

    /**
     * bf16 where the hardware computes it natively: a CUDA device, or a CPU with {@code avx512_bf16} or AMX (bf16
     * matmuls run 3-4× faster there than float32 ones). Elsewhere bf16 would be emulated and slower, so fp32.
     */
    public static Detected detect() {
        if (DjlRuntime.device().isGpu()) {
            return new Detected(BF16, "CUDA device");
        }
        String flags = cpuFlags();
        if (flags.contains(" amx_bf16")) {
            return new Detected(BF16, "CPU has AMX (amx_bf16)");
        }
        if (flags.contains(" avx512_bf16")) {
            return new Detected(BF16, "CPU has avx512_bf16");
        }
        return new Detected(FP32, flags.isEmpty() ? "CPU flags unknown (no /proc/cpuinfo)"
                : "CPU has neither avx512_bf16 nor AMX");
    }

    /** The first {@code flags} line of /proc/cpuinfo with a leading space, or "" where there is none. */
    static String cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    return " " + line.substring(line.indexOf(':') + 1).strip() + " ";
                }
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
        return "";
    }
}
