package org.bedkd.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every training benchmark shares: where the data is, which seeds and settings, where results go. */
final class BenchOptions {

    @Option(names = "--data-dir", defaultValue = "../shared/data", description = "Staged data (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--dataset", defaultValue = "sst2", description = "sst2, olid or agnews.")
    String dataset;

    @Option(names = "--seeds", split = ",", defaultValue = "42", description = "Seeds (one victim per seed).")
    List<Long> seeds;

    @Option(names = "--profile", defaultValue = "quick", description = "quick or paper.")
    String profile;

    @Option(names = "--set", description = "Override a setting, e.g. --set trainRows=3000 (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--results", defaultValue = "results", description = "Results directory (default ${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--precision", description = "How every model computes, victim included: fp32, bf16 or auto "
            + "(default: auto, bf16 where the CPU has avx512_bf16 or AMX). Rows record it.")
    String precision;

    /** Sets the process's precision when asked to; returns the line that says which one runs. */
    String applyPrecision() {
        if (precision != null) {
            org.bedkd.model.DjlRuntime.setPrecision(precision);
        }
        return org.bedkd.model.DjlRuntime.describePrecision();
    }
}
