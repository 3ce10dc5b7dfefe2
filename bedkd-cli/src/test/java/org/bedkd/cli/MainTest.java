package org.bedkd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI end to end on the embedded demo slice, with a tiny configuration of the real code paths. */
class MainTest {

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result exec(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = cli.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }

    private static final String[] TINY = {"--layers", "1", "--max-length", "32", "--train-rows", "200",
        "--victim-epochs", "1", "--clean-per-class", "20", "--akd-epochs", "1", "--test-rows", "100"};

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void runWritesJsonMarkdownAndPlots() throws Exception {
        Path out = dir.resolve("run");
        Result r = exec(concat(new String[] {"run"}, concat(TINY, "--methods", "ft,bedkd", "--out", out.toString(),
                "--gamma-quantile", "0.1", "--set", "flagSize=gamma", "--set", "teacherCache=false")));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("| none (victim) |").contains("| bedkd |").contains("results: ");
        JsonNode report = Json.MAPPER.readTree(out.resolve("report.json").toFile());
        assertThat(report.get("name").asText()).isEqualTo("sst2-badwords-demo");
        assertThat(report.get("methods")).hasSize(2);
        assertThat(report.at("/config/victim/model/layers").asInt()).isEqualTo(1);
        assertThat(report.at("/detection/quality/far").isNumber()).isTrue();
        assertThat(report.at("/detection/gammaRule").asText()).isEqualTo("clean q0.10");
        assertThat(report.at("/detection/scoreTable").isMissingNode()).as("scores go to scores.csv").isTrue();
        assertThat(report.at("/config/speed/teacherCache").asBoolean(true)).isFalse();
        // Each method read its epochs at a class-1 count on the validation texts and says where it came from; FT,
        // without flagged samples, at the suspect model's own.
        for (JsonNode m : report.get("methods")) {
            JsonNode shares = m.get("classShares");
            assertThat(shares.get("matched").asInt()).isBetween(0, shares.get("validationTexts").asInt());
            assertThat(shares.get("shiftedClass").asInt()).as("two classes: class 1").isEqualTo(1);
            if (m.get("method").asText().equals("ft")) {
                assertThat(shares.get("corrected").asInt()).isEqualTo(shares.get("suspect").asInt());
            }
        }
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Class shares")
                .contains("| 42 | bedkd | 1 | " + report.at("/sizes/validation").asInt() + " |");
        for (String f : new String[] {"report.md", "asr-cacc.png", "mepd-histogram.png", "bedkd-epochs.png",
            "scores.csv"}) {
            assertThat(Files.size(out.resolve(f))).as(f).isPositive();
        }
    }

    @Test
    void stagesChainThroughCheckpoints() throws Exception {
        Path victim = dir.resolve("victim");
        assertThat(exec(concat(new String[] {"train-victim"}, concat(TINY, "--out", victim.toString()))).code()).isZero();
        Path det = dir.resolve("det");
        Result d = exec(concat(new String[] {"detect"}, concat(TINY, "--model", victim.toString(), "--out", det.toString())));
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(Files.readAllLines(det.resolve("scores.csv")).get(0)).isEqualTo("id,mepd,label,flagged,poisoned");
        Path purified = dir.resolve("purified");
        Result p = exec(concat(new String[] {"purify"}, concat(TINY, "--model", victim.toString(), "--detection",
                det.resolve("detection.json").toString(), "--out", purified.toString())));
        assertThat(p.code()).as(p.err()).isZero();
        Result e = exec("evaluate", "--model", purified.toString(), "--test-rows", "50", "--out",
                dir.resolve("eval.json").toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).startsWith("CACC ");
        assertThat(Json.MAPPER.readTree(dir.resolve("eval.json").toFile()).get("cacc").asDouble()).isBetween(0.0, 100.0);
        // The purified model also came out as a Hugging Face directory, and it scores as the checkpoint does.
        assertThat(dir.resolve("purified-hf/config.json")).exists();
        assertThat(dir.resolve("purified-hf/model.safetensors")).exists();
        Result fromHf = exec("evaluate", "--model", dir.resolve("purified-hf").toString(), "--test-rows", "50");
        assertThat(fromHf.code()).as(fromHf.err()).isZero();
        assertThat(fromHf.out()).isEqualTo(e.out());
    }

    @Test
    void aBroughtModelIsPurifiedAndComesOutAsAHuggingFaceDirectory() throws Exception {
        Path victim = dir.resolve("victim");
        assertThat(exec(concat(new String[] {"train-victim"}, concat(TINY, "--out", victim.toString()))).code()).isZero();
        Path hf = dir.resolve("victim-hf");
        Result x = exec("export", "--model", victim.toString(), "--format", "hf", "--out", hf.toString());
        assertThat(x.code()).as(x.err()).isZero();
        assertThat(x.out()).contains("config.json").contains("model.safetensors").contains("sha256");
        Path out = dir.resolve("run");
        Result r = exec(concat(new String[] {"run"}, concat(TINY, "--model", hf.toString(), "--methods", "bedkd",
                "--out", out.toString())));
        assertThat(r.code()).as(r.err()).isZero();
        Path purified = out.resolve("models/bedkd-seed42");
        assertThat(purified.resolve("checkpoint/manifest.json")).exists();
        assertThat(Json.MAPPER.readTree(purified.resolve("hf/config.json").toFile()).at("/id2label/1").asText())
                .isEqualTo("positive");
        // Exported and imported again, the victim classifies exactly as before.
        Result a = exec("evaluate", "--model", victim.toString(), "--test-rows", "50");
        Result b = exec("evaluate", "--model", hf.toString(), "--test-rows", "50");
        assertThat(b.out()).isEqualTo(a.out());
        // ... and so does the same directory zipped.
        Path zip = dir.resolve("victim-hf.zip");
        try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip)); var files = Files.list(hf)) {
            for (Path f : files.sorted().toList()) {
                z.putNextEntry(new java.util.zip.ZipEntry(f.getFileName().toString()));
                z.write(Files.readAllBytes(f));
                z.closeEntry();
            }
        }
        assertThat(exec("evaluate", "--model", zip.toString(), "--test-rows", "50").out()).isEqualTo(a.out());
        assertThat(exec("export", "--model", hf.toString(), "--format", "onnx", "--out", dir.resolve("x").toString())
                .err()).contains("--format must be hf or checkpoint");
    }

    @Test
    void badInputGivesOneClearLineAndExitCode2() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.tsv"), "sentence\tlabel\nfine film\t1\nodd\t9\n");
        Result r = exec("evaluate", "--model", dir.resolve("none").toString(), "--test-clean", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("error:").doesNotContain("Exception").doesNotContain("\tat ");
        Result m = exec("evaluate", "--model", dir.resolve("missing-model").toString());
        assertThat(m.code()).isEqualTo(2);
        assertThat(m.err()).contains("no model at");
        assertThat(exec("run", "--profile", "fast").err()).contains("unknown profile 'fast'");
        assertThat(exec("run", "--gamma", "0.1", "--gamma-quantile", "0.05").err()).contains("not both");
        assertThat(exec("run", "--set", "gama=0.1").err()).contains("unknown override 'gama'");
    }

    @Test
    void theProductCarriesNoBenchmarks() {
        // `bench` lives in bedkd-bench (bin/bedkd bench ...); the help points there.
        assertThat(Main.commandLine().getSubcommands()).doesNotContainKey("bench");
        assertThat(Main.commandLine().getCommandSpec().usageMessage().footer())
                .anyMatch(line -> line.contains("bin/bedkd bench --help"));
    }
}
