package io.backuphub.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Test file helpers. */
public final class Files2 {

    private Files2() {
    }

    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // A file removed by its owner while we walk (a server's pid file) is not worth failing a test.
            System.err.println("cannot delete " + dir + ": " + e.getMessage());
        }
    }

    /** Regular files under {@code dir}, relative, sorted. */
    public static java.util.List<String> listFiles(Path dir) {
        if (!Files.exists(dir)) {
            return java.util.List.of();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
