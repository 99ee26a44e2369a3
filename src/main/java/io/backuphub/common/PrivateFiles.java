package io.backuphub.common;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files only the hub's own user may read: the catalog, keys, backups and manifests. Folders are
 * created 0700 and files 0600, whatever the process umask says.
 */
public final class PrivateFiles {

    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /** The attribute for creating a private file (none where the file system has no POSIX modes). */
    public static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /** Creates {@code dir} and any missing parents below an existing folder, each 0700. */
    public static Path createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            return absolute;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            if (POSIX) {
                Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(DIRECTORY));
                Files.setPosixFilePermissions(absolute, DIRECTORY); // the umask may have taken bits away
            } else {
                Files.createDirectory(absolute);
            }
        } catch (FileAlreadyExistsException raced) {
            // another thread made it: fine
        }
        return absolute;
    }

    /** Writes {@code content} to a new private file, replacing any file of that name. */
    public static void write(Path file, String content) throws IOException {
        createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, fileAttributes());
        Files.writeString(file, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * Makes {@code dir} 0700 and the files directly in it 0600: for what other code created with the
     * umask's modes (H2 creates the embedded catalog's files). With the folder 0700, nothing below it is
     * reachable by other users whatever its own mode.
     */
    public static void restrict(Path dir) throws IOException {
        if (!POSIX || !Files.isDirectory(dir)) {
            return;
        }
        Files.setPosixFilePermissions(dir, DIRECTORY);
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                if (Files.isRegularFile(child, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(child, FILE);
                }
            }
        }
    }
}
