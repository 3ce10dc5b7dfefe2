package org.bedkd.testing;

import java.time.Duration;
import java.util.function.Supplier;
import org.assertj.core.api.Assertions;

/**
 * Reads a service's Prometheus text until it shows a line. A stage sends its outcome event before it records the
 * outcome's counter, so a test that saw the event must wait for the counter instead of reading it once.
 */
public final class Metrics {

    private Metrics() {
    }

    /** Polls {@code scrape} until its text contains {@code line}; fails with the last scrape after {@code timeout}. */
    public static void awaitLine(Supplier<String> scrape, String line, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String text = scrape.get();
        while (!text.contains(line) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            text = scrape.get();
        }
        Assertions.assertThat(text).as("metrics").contains(line);
    }
}
