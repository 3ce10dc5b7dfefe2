package org.bedkd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bedkd.data.TaskData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a run on a user's files is called: never the defaults' "sst2-badwords" (issue #20). */
class DataOptionsTest {

    @TempDir
    Path dir;

    private DataOptions options(String... args) throws Exception {
        for (String f : new String[] {"olid train-poison.csv", "dev.csv", "test.csv", "test-poison.csv"}) {
            Files.writeString(dir.resolve(f), "text,label\n@USER you are a disgrace,1\nlovely day,0\n");
        }
        DataOptions o = new DataOptions();
        new CommandLine(new Object() {
            @CommandLine.Mixin
            DataOptions data = o;
        }).parseArgs(args);
        return o;
    }

    private String[] userFiles(String... more) {
        String[] base = {"--train", dir.resolve("olid train-poison.csv").toString(), "--clean",
            dir.resolve("dev.csv").toString(), "--test-clean", dir.resolve("test.csv").toString(), "--test-triggered",
            dir.resolve("test-poison.csv").toString()};
        String[] out = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }

    @Test
    void userFilesAreNamedAfterTheirSchemaAndTrainingFileAndTheAttackIsNotGuessed() throws Exception {
        TaskData t = options(userFiles("--schema", "olid", "--target", "1")).resolve();
        assertThat(t.name()).isEqualTo("olid-olid-train-poison");
        assertThat(t.dataset()).isEqualTo("olid");
        assertThat(t.attack()).isEqualTo(DataOptions.UNKNOWN_ATTACK);
        assertThat(t.source()).isEqualTo("user files");
    }

    @Test
    void aGivenNameAndAttackAreUsedAndANameThatIsNoDirectoryNameIsRefused() throws Exception {
        TaskData t = options(userFiles("--schema", "olid", "--target", "1", "--name", "olid-2026-q3",
                "--attack", "addsent")).resolve();
        assertThat(t.name()).isEqualTo("olid-2026-q3");
        assertThat(t.attack()).isEqualTo("addsent");
        assertThatThrownBy(() -> options(userFiles("--schema", "olid", "--target", "1", "--name", "../x")).resolve())
                .hasMessageContaining("--name must be");
    }

    @Test
    void theEmbeddedSliceKeepsItsName() throws Exception {
        TaskData t = options().resolve();
        assertThat(t.name()).isEqualTo("sst2-badwords-demo");
        assertThat(t.attack()).isEqualTo("badwords");
    }
}
