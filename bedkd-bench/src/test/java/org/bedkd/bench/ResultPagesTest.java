package org.bedkd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.bedkd.cli.CliSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed result pages are exactly what the bench renders from the committed JSON (and run reports): a page
 * edited by hand above its notes marker, or a renderer changed without regenerating, fails here. Rendering happens in a
 * copy, as it also redraws plots.
 */
class ResultPagesTest {

    private static final Path RESULTS = Path.of("..", "results");

    @TempDir
    Path copy;

    @BeforeEach
    void copyResults() throws IOException {
        try (Stream<Path> files = Files.walk(RESULTS)) {
            for (Path f : files.toList()) {
                Path to = copy.resolve(RESULTS.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else if (f.toString().endsWith(".json") || f.toString().endsWith(".md")) {
                    Files.copy(f, to);
                }
            }
        }
    }

    @Test
    void reproductionPageRegeneratesByteIdentical() throws IOException {
        Path md = copy.resolve("REPRODUCTION.md");
        ReproduceCommand.writeMarkdown(md, ReproduceCommand.read(copy.resolve("reproduction.json")));
        assertSame(md, "REPRODUCTION.md");
    }

    @Test
    void sweepsPageRegeneratesByteIdentical() throws IOException {
        Path md = copy.resolve("SWEEPS.md");
        Files.createDirectories(copy.resolve("sweeps"));
        CliSupport.writeGeneratedPage(md, SweepRows.markdownAndPlots(ReproduceCommand.read(copy.resolve("sweeps.json")),
                copy.resolve("sweeps")));
        assertSame(md, "SWEEPS.md");
    }

    @Test
    void performancePageRegeneratesByteIdentical() throws IOException {
        Map<String, Object> perf = CliSupport.json().readValue(copy.resolve("performance.json").toFile(),
                new TypeReference<LinkedHashMap<String, Object>>() { });
        Path md = copy.resolve("PERFORMANCE.md");
        CliSupport.writeGeneratedPage(md, PerformanceReport.markdown(perf));
        assertSame(md, "PERFORMANCE.md");
    }

    private static void assertSame(Path regenerated, String page) throws IOException {
        assertThat(Files.readString(regenerated)).as(page + " regenerated from the JSON; run the bench's --report-only")
                .isEqualTo(Files.readString(RESULTS.resolve(page)));
    }
}
