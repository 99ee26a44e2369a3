package io.backuphub.store;

import io.backuphub.common.PrivateFiles;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The embedded default store: a folder. Writes go to {@code .partial/<sha-256 of the key>.<uuid>.partial}
 * under the root (named after their key, so that the partial writes of one key can be found and no
 * other), are fsynced, then renamed atomically into place. Writes stop with {@link StoreFullException}
 * once free space would drop below the reserve, so backups never fill the disk the catalog lives on.
 */
public final class LocalFileStore implements ArtifactStore {

    static final String PARTIAL_DIR = ".partial";
    private static final long SPACE_CHECK_EVERY = 16L * 1024 * 1024;

    private final Path root;
    private final long reserveBytes;

    public LocalFileStore(Path root, long reserveBytes) {
        this.root = root.toAbsolutePath().normalize();
        this.reserveBytes = reserveBytes;
    }

    public Path root() {
        return root;
    }

    @Override
    public String type() {
        return "local";
    }

    @Override
    public ObjectWriter create(String key) throws IOException {
        Path target = resolve(key);
        Path partialDir = root.resolve(PARTIAL_DIR);
        PrivateFiles.createDirectories(partialDir);
        Path temp = partialDir.resolve(partialPrefix(key) + UUID.randomUUID() + ".partial");
        FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PrivateFiles.fileAttributes());
        return new LocalWriter(key, target, temp, channel);
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return Files.newInputStream(resolve(key));
        } catch (NoSuchFileException e) {
            throw new MissingObjectException(key);
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        Path file = resolve(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        return Optional.of(new StoredObject(key, attrs.size(), attrs.lastModifiedTime().toInstant()));
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        List<StoredObject> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {

            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.equals(root.resolve(PARTIAL_DIR)) || dir.equals(root.resolve(HUB_FOLDER))
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String key = root.relativize(file).toString().replace('\\', '/');
                if (key.startsWith(prefix)) {
                    found.add(new StoredObject(key, attrs.size(), attrs.lastModifiedTime().toInstant()));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(Comparator.comparing(StoredObject::key));
        return found;
    }

    @Override
    public void delete(String key) throws IOException {
        Path file = resolve(key);
        Files.deleteIfExists(file);
        // Remove day/month/... folders left empty, never the root itself.
        Path dir = file.getParent();
        while (dir != null && !dir.equals(root) && dir.startsWith(root) && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                if (entries.iterator().hasNext()) {
                    break;
                }
            }
            Files.deleteIfExists(dir);
            dir = dir.getParent();
        }
    }

    @Override
    public Optional<URI> downloadLink(String key, Duration validFor) {
        return Optional.empty(); // the hub streams local objects itself
    }

    @Override
    public void checkWritable() throws IOException {
        PrivateFiles.createDirectories(root.resolve(PARTIAL_DIR));
        Path probe = root.resolve(PARTIAL_DIR).resolve("health-" + UUID.randomUUID());
        try {
            Files.write(probe, new byte[]{1}, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } finally {
            Files.deleteIfExists(probe);
        }
        requireSpace(0);
    }

    @Override
    public int removePartialWrites(Collection<String> keys) throws IOException {
        Path partialDir = root.resolve(PARTIAL_DIR);
        if (!Files.isDirectory(partialDir) || keys.isEmpty()) {
            return 0;
        }
        Set<String> prefixes = new HashSet<>();
        keys.forEach(key -> prefixes.add(partialPrefix(key)));
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(partialDir, "*.partial")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                int dot = name.indexOf('.');
                if (dot > 0 && prefixes.contains(name.substring(0, dot + 1)) && Files.deleteIfExists(entry)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    /** A partial write's name starts with its key's SHA-256 (keys may be longer than a file name). */
    private static String partialPrefix(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8))) + ".";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path resolve(String key) {
        Path file = root.resolve(ObjectKeys.requireSafe(key)).normalize();
        if (!file.startsWith(root) || file.startsWith(root.resolve(PARTIAL_DIR))) {
            throw new IllegalArgumentException("object key outside the store: " + key);
        }
        return file;
    }

    private void requireSpace(long writing) throws IOException {
        long usable = Files.getFileStore(root).getUsableSpace();
        if (usable - writing < reserveBytes) {
            throw new StoreFullException("local store " + root + " is full: " + usable / (1024 * 1024)
                    + " MiB free, reserve is " + reserveBytes / (1024 * 1024) + " MiB (hub.store.local.reserve-bytes)");
        }
    }

    private final class LocalWriter implements ObjectWriter {

        private final String key;
        private final Path target;
        private final Path temp;
        private final FileChannel channel;
        private final OutputStream stream;
        private boolean committed;

        LocalWriter(String key, Path target, Path temp, FileChannel channel) {
            this.key = key;
            this.target = target;
            this.temp = temp;
            this.channel = channel;
            this.stream = new SpaceCheckingStream(Channels.newOutputStream(channel));
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        @Override
        public StoredObject commit() throws IOException {
            if (channel.isOpen()) {
                stream.close();
            }
            try (FileChannel sync = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                sync.force(true);
            }
            try {
                PrivateFiles.createDirectories(target.getParent());
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(
                        "the local store's .partial folder must be on the same file system as its objects", e);
            } catch (IOException e) {
                throw new IOException("cannot store " + key + " in the local store " + root + ": "
                        + e.getClass().getSimpleName() + " " + e.getMessage(), e);
            }
            fsyncDirectory(target.getParent());
            committed = true;
            return stat(key).orElseThrow(() -> new IOException("object " + key + " vanished right after commit"));
        }

        @Override
        public boolean abort() {
            if (committed) {
                return true;
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing; deleting the temporary file is what matters.
            }
            try {
                Files.deleteIfExists(temp);
                return true;
            } catch (IOException e) {
                return false; // the sweep of abandoned writes removes it later
            }
        }

        @Override
        public void close() {
            abort();
        }

        /** Checks free space every few MiB, failing before the reserve is reached rather than at ENOSPC. */
        private final class SpaceCheckingStream extends FilterOutputStream {

            private long sinceCheck = SPACE_CHECK_EVERY;

            SpaceCheckingStream(OutputStream out) {
                super(out);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                sinceCheck += len;
                if (sinceCheck >= SPACE_CHECK_EVERY) {
                    requireSpace(len);
                    sinceCheck = 0;
                }
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    if (String.valueOf(e.getMessage()).contains("No space left")) {
                        throw new StoreFullException("local store " + root + " is full: " + e.getMessage());
                    }
                    throw e;
                }
            }
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // Some file systems cannot fsync a directory; the rename itself is still atomic.
        }
    }
}
