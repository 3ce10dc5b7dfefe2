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
 * Runs {@code torch_reference.py} (shipped in this jar) under a Python that has PyTorch. Debian's
 * {@code python3-torch} is the supported one; it needs {@code libopenblas0-pthread} or it falls back to reference BLAS
 * and runs about 15× slower, which would make the comparison meaningless.
 */
final class TorchReference {

    static final String SCRIPT = "org/bedkd/bench/torch_reference.py";
    static final List<String> DEBIAN_PACKAGES = List.of("python3-torch", "libopenblas0-pthread");

    private final String python;

    TorchReference(String python) {
        this.python = python;
    }

    /** Why the reference cannot run, or empty when it can; installs the Debian packages first if asked to. */
    Optional<String> prepare(boolean install) {
        if (hasTorch()) {
            return Optional.empty();
        }
        if (!install) {
            return Optional.of(python + " cannot import torch; install it with: apt-get install -y "
                    + String.join(" ", DEBIAN_PACKAGES) + " (or pass --install-torch)");
        }
        System.err.println("bench: installing " + DEBIAN_PACKAGES + " with apt-get ...");
        int rc = run(List.of("apt-get", "install", "-y", DEBIAN_PACKAGES.get(0), DEBIAN_PACKAGES.get(1)), null);
        return rc == 0 && hasTorch() ? Optional.empty()
                : Optional.of("apt-get install " + DEBIAN_PACKAGES + " failed (exit " + rc + "); run it as root");
    }

    /** Runs the script on {@code input} and returns its measurements. */
    Map<String, Object> measure(Path input, Path workDir, int threads) {
        try {
            Path script = workDir.resolve("torch_reference.py");
            try (InputStream in = TorchReference.class.getClassLoader().getResourceAsStream(SCRIPT)) {
                if (in == null) {
                    throw new IllegalStateException(SCRIPT + " is missing from the jar");
                }
                Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Path output = workDir.resolve("torch.json");
            int rc = run(List.of(python, script.toString(), input.toString(), output.toString()), threads);
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
            Process p = new ProcessBuilder(python, "-c", "import torch, numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int run(List<String> command, Integer threads) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
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
