package org.bedkd.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CompilerCpuTest {

    @Test
    void readsUserAndSystemTicksAfterACommandNameWithSpacesAndParentheses() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String stat = "4346 (C2 Compiler (x)) S 1 4315 4315 0 -1 1077936192 120 0 3 0 1250 40 0 0 20 0 1 0";
        assertEquals(1290, CompilerCpu.ticks(stat));
    }

    @Test
    void thisJvmsCompilersHaveUsedSomeCpuAndNeverGoBack() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc only");
        long pid = ProcessHandle.current().pid();
        double before = CompilerCpu.seconds(pid);
        long sink = 0;
        for (int i = 0; i < 2_000_000; i++) { // enough calls for C1 and C2 to compile something
            sink += Integer.toString(i).hashCode();
        }
        double after = CompilerCpu.seconds(pid);
        assertTrue(before >= 0 && after >= before, before + " then " + after + " (" + sink + ")");
        assertTrue(after > 0, "a JVM that ran tests has compiled something: " + after);
    }

    @Test
    void aProcessThatDoesNotExistReadsAsUnknown() {
        assertTrue(Double.isNaN(CompilerCpu.seconds(Long.MAX_VALUE)));
    }
}
