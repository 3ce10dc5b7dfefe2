package org.bedkd.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU seconds a JVM's JIT compiler threads ({@code C1 CompilerThread*}, {@code C2 CompilerThread*}) have used, read
 * from Linux's {@code /proc/<pid>/task/<tid>/stat}: how much of a replica's CPU during a burst went to compiling
 * rather than screening. A replica's C2 was measured still compiling Kafka's and Micrometer's code minutes after its
 * first records (results/RELIABILITY.md).
 */
final class CompilerCpu {

    /** USER_HZ, the unit of {@code utime}/{@code stime} in {@code /proc}: 100 on every Linux the JDK supports. */
    private static final double TICKS_PER_SECOND = 100;

    private CompilerCpu() {
    }

    /** The compiler threads' user + system seconds so far; NaN where {@code /proc} cannot say (not Linux, gone). */
    static double seconds(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return Double.NaN;
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.mapToDouble(CompilerCpu::compilerSeconds).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return Double.NaN; // the process ended while it was read
        }
    }

    private static double compilerSeconds(Path task) {
        try {
            String name = Files.readString(task.resolve("comm")); // cut to 15 characters by the kernel
            if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
                return 0;
            }
            return ticks(Files.readString(task.resolve("stat"))) / TICKS_PER_SECOND;
        } catch (IOException e) {
            return 0; // a thread that ended between listing and reading used nothing since
        }
    }

    /**
     * utime + stime of one {@code stat} line: fields 14 and 15, counted after the command name's closing parenthesis
     * (the name may hold spaces).
     */
    static long ticks(String stat) {
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(after[11]) + Long.parseLong(after[12]);
    }
}
