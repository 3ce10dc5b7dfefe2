package org.bedkd.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bedkd.cli.CliSupport;

/**
 * Runs {@code torch_reference.py} (shipped in this jar) under a Python that has PyTorch. The strongest peer is a
 * PyTorch 2.x wheel in its own directory ({@code --torch-dir}, put on {@code PYTHONPATH}; {@code pip install --no-deps
 * --no-index --target DIR torch} installs it where pip finds the wheel offline). Debian's {@code python3-torch} (1.13)
 * is the fallback; it needs {@code libopenblas0-pthread} or it falls back to reference BLAS and runs about 15× slower,
 * which would make the comparison meaningless.
 */
final class TorchReference {

    static final String SCRIPT = "org/bedkd/bench/torch_reference.py";
    static final List<String> DEBIAN_PACKAGES = List.of("python3-torch", "libopenblas0-pthread");

    private final String python;
    /** A directory holding a pip-installed torch, or null for the Python's own. */
    private final Path torchDir;

    TorchReference(String python, Path torchDir) {
        this.python = python;
        this.torchDir = torchDir;
    }

    /**
     * Why the reference cannot run, or empty when it can. Asked to install: pip installs the wheel into
     * {@code --torch-dir} (offline, from what pip finds), or without one apt-get installs Debian's packages.
     */
    Optional<String> prepare(boolean install) {
        if (hasTorch()) {
            return Optional.empty();
        }
        if (!install) {
            return Optional.of(python + " cannot import torch" + (torchDir == null ? "" : " from " + torchDir)
                    + "; install it with: " + (torchDir == null ? "apt-get install -y " + String.join(" ",
                            DEBIAN_PACKAGES) : python + " -m pip install --no-deps --no-index --target " + torchDir
                            + " torch") + " (or pass --install-torch)");
        }
        List<String> command = torchDir == null
                ? List.of("apt-get", "install", "-y", DEBIAN_PACKAGES.get(0), DEBIAN_PACKAGES.get(1))
                : List.of(python, "-m", "pip", "install", "--no-deps", "--no-index", "--target", torchDir.toString(),
                        "torch");
        System.err.println("bench: installing PyTorch: " + String.join(" ", command));
        int rc = run(command, null);
        return rc == 0 && hasTorch() ? Optional.empty()
                : Optional.of(String.join(" ", command) + " failed (exit " + rc + ")");
    }

    /** Runs the script on {@code input} and returns its measurements (with {@code rounds}, only the timings). */
    Map<String, Object> measure(Path input, Path workDir, int threads, boolean rounds) {
        try {
            Path script = workDir.resolve("torch_reference.py");
            try (InputStream in = TorchReference.class.getClassLoader().getResourceAsStream(SCRIPT)) {
                if (in == null) {
                    throw new IllegalStateException(SCRIPT + " is missing from the jar");
                }
                Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Path output = workDir.resolve("torch.json");
            List<String> command = new java.util.ArrayList<>(List.of(python, script.toString(), input.toString(),
                    output.toString()));
            if (rounds) {
                command.add("--rounds");
            }
            int rc = run(command, threads);
            if (rc != 0) {
                throw new IllegalStateException("the PyTorch reference failed with exit code " + rc);
            }
            return CliSupport.json().readValue(output.toFile(), new TypeReference<Map<String, Object>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean hasTorch() {
        try {
            ProcessBuilder pb = new ProcessBuilder(python, "-c", "import torch, numpy").redirectErrorStream(true);
            withTorchDir(pb);
            Process p = pb.start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void withTorchDir(ProcessBuilder pb) {
        if (torchDir != null) {
            String old = pb.environment().get("PYTHONPATH");
            pb.environment().put("PYTHONPATH", torchDir + (old == null || old.isEmpty() ? "" : ":" + old));
        }
    }

    private int run(List<String> command, Integer threads) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
            withTorchDir(pb);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            if (threads != null) {
                pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
            }
            return pb.start().waitFor();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
