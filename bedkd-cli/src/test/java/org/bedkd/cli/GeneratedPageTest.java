package org.bedkd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results pages are regenerated from JSON; the analysis a person wrote below the marker must survive that. */
class GeneratedPageTest {

    @TempDir
    Path dir;

    @Test
    void regeneratingReplacesTheTablesAndKeepsTheNotes() throws Exception {
        Path md = dir.resolve("PAGE.md");
        CliSupport.writeGeneratedPage(md, "# Page\n\n| a | 1 |\n");
        assertThat(Files.readString(md)).startsWith("# Page").contains(CliSupport.NOTES_MARKER);

        Files.writeString(md, Files.readString(md) + "\nWhat the numbers say: a is small.\n");
        CliSupport.writeGeneratedPage(md, "# Page\n\n| a | 2 |\n");

        String page = Files.readString(md);
        assertThat(page).contains("| a | 2 |").doesNotContain("| a | 1 |")
                .endsWith(CliSupport.NOTES_MARKER + "\n\nWhat the numbers say: a is small.\n");
    }
}
