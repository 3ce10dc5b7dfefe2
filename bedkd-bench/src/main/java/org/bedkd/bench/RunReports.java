package org.bedkd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bedkd.cli.CliSupport;
import org.bedkd.model.PretrainedEncoder;
import org.bedkd.pipeline.Profile;

/** The run reports the benchmarks left under {@code results/runs}, which the report pages are built from. */
final class RunReports {

    private RunReports() {
    }

    /**
     * @param run the run's directory name, e.g. {@code sst2-badwords-quick-42}
     * @param report one experiment report
     */
    record Entry(String run, JsonNode report) {

        /** The report's profile; reports from before the field was written were all quick. */
        String profile() {
            return report.path("config").path("profile").asText(Profile.QUICK.id());
        }

        /**
         * The profile, the encoder where it is not the default MiniLM, and bf16 where the run computed in it: runs
         * that must not be averaged together.
         */
        String variant() {
            String encoder = report.path("config").path("victim").path("model").path("encoder")
                    .asText(PretrainedEncoder.MINILM_L6.id());
            String v = encoder.equals(PretrainedEncoder.MINILM_L6.id()) ? profile() : profile() + "-" + encoder;
            String precision = report.path("config").path("speed").path("precision").asText("");
            return precision.equalsIgnoreCase("bf16") ? v + "-bf16" : v;
        }
    }

    /** Every report of every run directory, in directory order (a multi-seed run's file holds one per seed). */
    static List<Entry> read(Path runs) {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(runs)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            for (Path report : dirs.map(d -> d.resolve("report.json")).filter(Files::isRegularFile).sorted().toList()) {
                JsonNode root = CliSupport.json().readTree(report.toFile());
                String run = report.getParent().getFileName().toString();
                for (JsonNode r : root.isArray() ? root : List.of(root)) {
                    out.add(new Entry(run, r));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read runs under " + runs, e);
        }
        return out;
    }
}
