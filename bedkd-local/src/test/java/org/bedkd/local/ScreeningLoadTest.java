package org.bedkd.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The screening bench's own options: bounds checked before anything starts. */
class ScreeningLoadTest {

    @Test
    void refusesMoreBurstsThanRecordsOrNoneBeforeStartingAnything() {
        for (String[] args : new String[][] {{"--records", "10", "--rounds", "11"}, {"--rounds", "0"},
                {"--records", "0"}}) {
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new ScreeningLoad()).setErr(new PrintWriter(err));

            int rc = cli.execute(args);

            assertThat(rc).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).contains("--rounds between 1 and --records");
        }
    }
}
