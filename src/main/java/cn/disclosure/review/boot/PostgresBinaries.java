package cn.disclosure.review.boot;

import cn.disclosure.review.web.Sha256;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jboss.logging.Logger;
import org.tukaani.xz.XZInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The PostgreSQL binaries that come in zonky's jar, unpacked once into a directory of the service's
 * own ({@code <parent>/pg-<digest of the archive>}, parent mode 0700), not into a shared, world-writable
 * temporary directory where another local user could put binaries of their own first.
 */
final class PostgresBinaries {
    private static final Logger LOG = Logger.getLogger(PostgresBinaries.class);
    private static final String COMPLETE = ".complete";

    private PostgresBinaries() {
    }

    /** The directory holding {@code bin/}, {@code lib/} and {@code share/}, unpacked when missing. */
    static Path prepare(Path parent) throws IOException {
        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", System.getProperty("os.arch"))) {
            archive = in.readAllBytes();
        }
        Path dir = parent.resolve("pg-" + Sha256.hex(archive).substring(0, 16));
        if (Files.isRegularFile(dir.resolve(COMPLETE))) {
            return dir;
        }
        createPrivateDirectory(parent);
        removeAbandonedUnpacks(parent);
        Path tmp = Files.createTempDirectory(parent, ".unpack-");
        try {
            extract(archive, tmp);
            Files.createFile(tmp.resolve(COMPLETE));
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            LOG.infof("PostgreSQL 程序已解压到 %s", dir);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
            // another process unpacked the same archive meanwhile
        } finally {
            deleteTree(tmp);
        }
        if (!Files.isRegularFile(dir.resolve(COMPLETE))) {
            throw new IOException("PostgreSQL 程序解压不完整：" + dir);
        }
        return dir;
    }

    private static void extract(byte[] archive, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path p = target.resolve(e.getName()).normalize();
                if (!p.startsWith(target)) {
                    throw new IOException("archive entry outside the target directory");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(p);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(p.getParent());
                    Files.createSymbolicLink(p, Path.of(e.getLinkName()));
                } else if (e.isLink()) {
                    Path linked = target.resolve(e.getLinkName()).normalize();
                    if (!linked.startsWith(target)) {
                        throw new IOException("archive link outside the target directory");
                    }
                    Files.createDirectories(p.getParent());
                    Files.createLink(p, linked);
                } else if (e.isFile()) {
                    Files.createDirectories(p.getParent());
                    Files.copy(tar, p);
                    // owner rwx as archived, never writable by group or others
                    Files.setPosixFilePermissions(p, permissions(e.getMode() & 0755));
                } else {
                    throw new IOException("unsupported archive entry type");
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(bits[i]);
            }
        }
        s.add(PosixFilePermission.OWNER_READ);
        return s;
    }

    /** Unpack directories older than an hour belong to a process that died while unpacking. */
    private static void removeAbandonedUnpacks(Path parent) throws IOException {
        FileTime cutoff = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        try (Stream<Path> s = Files.list(parent)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".unpack-")).toList()) {
                if (Files.getLastModifiedTime(p).compareTo(cutoff) < 0) {
                    deleteTree(p);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        PostgresServer.deleteTree(root);
    }

    /** Creates {@code dir} (and its parents) and makes it owner-only (0700). */
    static void createPrivateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
}
