package org.bedkd.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The external tools some checks run: kubectl (its built-in kustomize renders the overlays) and promtool (from
 * Debian's prometheus package). A missing tool skips those checks with a JUnit assumption that says why.
 */
final class Tools {

    /** kustomize features used in deploy/ (components, labels with includeTemplates) need kustomize 4.5 or later. */
    private static final int[] MIN_KUSTOMIZE = {4, 5};

    record Result(int exitCode, String output) {
    }

    private static String kubectlProblem;
    private static boolean kubectlChecked;
    private static boolean kubectlSkipReported;
    private static boolean promtoolSkipReported;

    private Tools() {
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Paths.get(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static Result run(Path workDir, List<String> command) {
        try {
            Path out = Files.createTempFile("deploy-tests", ".out");
            try {
                Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("timed out: " + String.join(" ", command));
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Skips the calling test unless a kubectl with a recent enough kustomize is on PATH. */
    static synchronized void assumeKubectl() {
        String problem = kubectlProblem();
        if (problem != null && !kubectlSkipReported) {
            kubectlSkipReported = true;
            System.out.println("SKIPPED kustomize render checks (OverlayInvariantsTest): " + problem);
        }
        assumeTrue(problem == null, problem);
    }

    static synchronized String kubectlProblem() {
        if (!kubectlChecked) {
            kubectlChecked = true;
            kubectlProblem = checkKubectl();
        }
        return kubectlProblem;
    }

    private static String checkKubectl() {
        if (onPath("kubectl").isEmpty()) {
            return "kubectl is not on PATH (its built-in kustomize, v4.5 or later, renders deploy/overlays/*)";
        }
        Result version = run(Repo.root(), List.of("kubectl", "version", "--client"));
        Matcher m = Pattern.compile("Kustomize Version: v(\\d+)\\.(\\d+)").matcher(version.output());
        if (!m.find()) {
            return "kubectl does not report a kustomize version (too old?): " + version.output().strip();
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major < MIN_KUSTOMIZE[0] || (major == MIN_KUSTOMIZE[0] && minor < MIN_KUSTOMIZE[1])) {
            return "kubectl's kustomize v" + major + "." + minor + " is older than v" + MIN_KUSTOMIZE[0] + "."
                    + MIN_KUSTOMIZE[1];
        }
        return null;
    }

    /** Skips the calling test unless promtool is on PATH. */
    static synchronized void assumePromtool() {
        boolean present = onPath("promtool").isPresent();
        if (!present && !promtoolSkipReported) {
            promtoolSkipReported = true;
            System.out.println("SKIPPED promtool checks: promtool is not on PATH (apt-get install -y prometheus)");
        }
        assumeTrue(present, "promtool is not on PATH (apt-get install -y prometheus)");
    }
}
