package org.bedkd.testing;

import java.time.Duration;
import java.util.function.Predicate;
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
        String text = poll(scrape, t -> t.contains(line), timeout);
        Assertions.assertThat(text).as("metrics").contains(line);
    }

    /**
     * Polls {@code scrape} until the sample {@code series} (name and labels, as Prometheus prints them) is at least
     * {@code min}. For counters that an at-least-once broker may also move: a consumer group that rebalances while a
     * job runs redelivers its uncommitted record, which the stage rightly counts as one more duplicate.
     */
    public static void awaitAtLeast(Supplier<String> scrape, String series, double min, Duration timeout) {
        String text = poll(scrape, t -> value(t, series) >= min, timeout);
        Assertions.assertThat(value(text, series)).as("%s in metrics:%n%s", series, text).isGreaterThanOrEqualTo(min);
    }

    /** The value of the sample {@code series} in a Prometheus text, 0 when it is not there yet. */
    public static double value(String text, String series) {
        for (String line : text.split("\\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    /** Scrapes every 200 ms until {@code done} holds or {@code timeout} passes; the last scrape. */
    private static String poll(Supplier<String> scrape, Predicate<String> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String text = scrape.get();
        while (!done.test(text) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            text = scrape.get();
        }
        return text;
    }
}
