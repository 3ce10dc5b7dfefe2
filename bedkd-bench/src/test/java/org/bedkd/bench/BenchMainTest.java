package org.bedkd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The bench jar's command line: the CLI's commands plus {@code bench}, with the CLI's one-line errors. */
class BenchMainTest {

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result exec(String... args) {
        CommandLine cli = BenchMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void benchSitsBesideTheCliCommands() {
        assertThat(BenchMain.commandLine().getSubcommands()).containsKeys("run", "purify", "evaluate", "bench");
        Result help = exec("bench", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("reproduce").contains("sweep").contains("performance");
        assertThat(exec("bench", "sweep", "--help").out()).contains("--param").contains("--detect-only");
    }

    @Test
    void badInputGivesOneClearLineAndExitCode2() {
        Result sweep = exec("bench", "sweep", "--param", "trainRows", "--values", "100", "--results", dir.toString());
        assertThat(sweep.code()).isEqualTo(2);
        assertThat(sweep.err()).contains("cannot vary 'trainRows'").doesNotContain("\tat ");
        assertThat(exec("bench", "sweep", "--results", dir.toString()).err()).contains("give --param and --values");
        assertThat(exec("run", "--profile", "fast").err()).contains("unknown profile 'fast'");
        Result staged = exec("bench", "reproduce", "--trigger-words", "jz,qv", "--results", dir.toString());
        assertThat(staged.code()).isEqualTo(2);
        assertThat(staged.err()).contains("give --poison-rates with them");
        assertThat(exec("bench", "reproduce", "--attacks", "addsent", "--poison-rates", "0.1", "--trigger-words", "jz",
                "--results", dir.toString()).err()).contains("--attacks addsent has no cell for it");
        assertThat(exec("bench", "reproduce", "--attacks", "addsent", "--poison-rates", "0.1", "--trigger-sentence",
                "x".repeat(201), "--results", dir.toString()).err()).contains("takes 1 to 200 characters");
    }
}
