package org.bedkd.local;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A real browser for page tests: Debian's chromium, headless, screenshotting a local file. The flags keep it off the
 * network (this machine's is closed, and a page under test must not need one) and out of the user's profile.
 */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    /** {@code BEDKD_CHROMIUM}, else the usual install paths. */
    static Optional<Path> find() {
        String configured = System.getenv("BEDKD_CHROMIUM");
        Stream<String> candidates = configured != null ? Stream.of(configured)
                : Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
        return candidates.map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** The page as the browser draws it in a {@code width} × {@code height} window. */
    static BufferedImage screenshot(Path chromium, Path page, int width, int height, Path work)
            throws IOException, InterruptedException {
        Path png = work.resolve("screenshot.png");
        Path profile = Files.createDirectories(work.resolve("chromium-profile"));
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--screenshot=" + png, page.toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve("chromium.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish in 120 s; see " + work.resolve("chromium.log"));
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(png)) {
            throw new IllegalStateException("chromium exited " + p.exitValue() + ": "
                    + Files.readString(work.resolve("chromium.log")));
        }
        return ImageIO.read(png.toFile());
    }

    /** Pixels within {@code tolerance} of {@code colour} in every channel. */
    static long pixels(BufferedImage image, Color colour, int tolerance) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 0xff) - colour.getRed()) <= tolerance
                        && Math.abs(((rgb >> 8) & 0xff) - colour.getGreen()) <= tolerance
                        && Math.abs((rgb & 0xff) - colour.getBlue()) <= tolerance) {
                    n++;
                }
            }
        }
        return n;
    }
}
