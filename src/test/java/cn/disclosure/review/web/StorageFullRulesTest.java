package cn.disclosure.review.web;

import org.hibernate.exception.GenericJDBCException;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures are a full disk, which fault wins, and one log line per incident — without a full disk. */
class StorageFullRulesTest {

    @Test
    void postgresqlDiskFullAndLocalEnospcAreStorageFull() {
        assertThat(StorageFull.isStorageFull(new GenericJDBCException("could not execute statement",
                new SQLException("could not extend file", "53100")))).isTrue();
        assertThat(StorageFull.isStorageFull(new RuntimeException(new SQLException("insufficient resources", "53000")))).isTrue();
        assertThat(StorageFull.isStorageFull(new FileSystemException("/data/uploads/x", null, "No space left on device"))).isTrue();
        assertThat(StorageFull.isStorageFull(new UncheckedIOException(new IOException("No space left on device")))).isTrue();
        assertThat(StorageFull.isStorageFull(new IllegalStateException("index write failed",
                new IOException("Disk quota exceeded")))).isTrue();
        // Vert.x wraps the failed write of an upload in its own (unchecked) FileSystemException
        assertThat(StorageFull.isStorageFull(new io.vertx.core.file.FileSystemException(
                new FileSystemException("/data/uploads/x", null, "No space left on device")))).isTrue();
    }

    @Test
    void otherResourceAndIoFailuresAreNot() {
        assertThat(StorageFull.isStorageFull(new RuntimeException(new SQLException("too many connections", "53300")))).isFalse();
        assertThat(StorageFull.isStorageFull(new RuntimeException(new SQLException("out of memory", "53200")))).isFalse();
        assertThat(StorageFull.isStorageFull(new RuntimeException(new SQLException("temp_file_limit", "53400")))).isFalse();
        assertThat(StorageFull.isStorageFull(new IOException("Connection reset by peer"))).isFalse();
        // a message that merely quotes the words, outside an I/O failure, is not a full disk
        assertThat(StorageFull.isStorageFull(new IllegalArgumentException("No space left on device"))).isFalse();
        assertThat(StorageFull.isStorageFull(null)).isFalse();
    }

    @Test
    void aFullDiskIsToldAsSuchEvenWhenItAlsoBrokeTheConnection() {
        Throwable both = new RuntimeException(new SQLException("could not write to file", "53100",
                new SQLException("connection lost", "08006")));
        assertThat(ServiceFaults.classify(both)).containsSame(StorageFull.INCIDENT);
        assertThat(ServiceFaults.classify(new RuntimeException(new SQLException("refused", "08001")))).containsSame(DatabaseOutage.INCIDENT);
        assertThat(ServiceFaults.classify(new RuntimeException(new SQLException("duplicate key", "23505")))).isEmpty();
    }

    @Test
    void theProblemIs503StorageFullWithRetryAfterAndChineseText() {
        Problem p = StorageFull.problem();
        assertThat(p.status).isEqualTo(503);
        assertThat(p.code).isEqualTo("storage-full");
        assertThat(p.title).isEqualTo("存储空间不足");
        assertThat(p.detail).contains("存储空间已满");
        assertThat(StorageFull.INCIDENT.retryAfterSeconds()).isPositive();
    }

    @Test
    void oneLinePerIncidentWithoutMessageOrStackTraceAndReadinessDownMeanwhile() {
        List<LogRecord> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    lines.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(StorageFull.class.getName());
        log.addHandler(capture);
        StorageFull.forgetIncident();
        try {
            assertThat(new StorageHealthCheck().call().getStatus().name()).isEqualTo("UP");
            for (int i = 0; i < 50; i++) {
                ServiceFaults.report(new FileSystemException("/data/uploads/secret-name-" + i, null, "No space left on device"));
            }
            assertThat(lines).hasSize(1);
            LogRecord line = lines.get(0);
            assertThat(line.getThrown()).isNull();
            String text = line.getMessage() + " " + java.util.Arrays.toString(line.getParameters());
            assertThat(text).contains("FileSystemException").doesNotContain("secret-name").doesNotContain("/data");
            assertThat(new StorageHealthCheck().call().getStatus().name()).isEqualTo("DOWN");
        } finally {
            log.removeHandler(capture);
            StorageFull.forgetIncident();
        }
        assertThat(new StorageHealthCheck().call().getStatus().name()).isEqualTo("UP");
    }
}
