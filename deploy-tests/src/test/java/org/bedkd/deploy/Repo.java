package org.bedkd.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Paths in the repository: the root comes from surefire (bedkd.repo.root) or is found by walking up. */
final class Repo {

    private static final Path ROOT = findRoot();

    private Repo() {
    }

    static Path root() {
        return ROOT;
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        return read(path(relative));
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files under a repository directory whose names end with one of the suffixes, sorted. */
    static List<Path> files(String dir, String... suffixes) {
        try (Stream<Path> s = Files.walk(path(dir))) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(suffixes).anyMatch(suf -> p.getFileName().toString().endsWith(suf)))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String relative(Path p) {
        return ROOT.relativize(p.toAbsolutePath().normalize()).toString();
    }

    private static Path findRoot() {
        String configured = System.getProperty("bedkd.repo.root");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy")) && Files.isDirectory(p.resolve("docker"))
                    && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root not found (set -Dbedkd.repo.root)");
    }
}
