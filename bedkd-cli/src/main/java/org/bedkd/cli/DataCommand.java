package org.bedkd.cli;

import java.util.concurrent.Callable;
import org.bedkd.pipeline.ExperimentConfig;
import picocli.CommandLine.Mixin;

/** A subcommand that reads data and runs with a profile: the options every pipeline stage shares. */
abstract class DataCommand implements Callable<Integer> {

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    ProfileOptions profile = new ProfileOptions();

    @Mixin
    RuntimeOptions runtime = new RuntimeOptions();

    /** The profile with the command line's overrides and seed. */
    ExperimentConfig config() {
        return profile.config(runtime.seed);
    }
}
