package cn.disclosure.review.audit;

import cn.disclosure.review.web.ProblemException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The writer's failure handling, without a database: a line that cannot be written fails its check. */
class RoutineAuditWriterFailureTest {
    private final AtomicBoolean databaseDown = new AtomicBoolean();
    private final List<AuditLog.Line> written = new CopyOnWriteArrayList<>();
    private final RoutineAuditWriter writer = new RoutineAuditWriter();

    {
        writer.audit = new AuditLog() {
            @Override
            public void appendRoutine(List<Line> lines) {
                if (databaseDown.get()) {
                    throw new IllegalStateException("connection refused");
                }
                written.addAll(lines);
            }
        };
        writer.maxBatch = 16;
        writer.maxQueue = 64;
        writer.timeoutMs = 2_000;
        writer.start();
    }

    @AfterEach
    void stop() {
        writer.stop();
    }

    @Test
    void aLineThatCannotBeWrittenFailsWith503AndTheWriterCarriesOn() {
        databaseDown.set(true);
        assertThatThrownBy(() -> writer.append("CHECK", "cms", "check", null, Map.of("n", 1)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status).isEqualTo(503);
                    assertThat(e.problem().code).isEqualTo("audit-unavailable");
                });
        assertThat(written).isEmpty();

        databaseDown.set(false);
        writer.append("CHECK", "cms", "check", null, Map.of("n", 2));
        assertThat(written).extracting(AuditLog.Line::details).containsExactly(Map.of("n", 2));
    }

    @Test
    void afterStopNewLinesAreRefused() {
        writer.stop();
        assertThatThrownBy(() -> writer.append("CHECK", "cms", "check", null, Map.of()))
                .isInstanceOf(ProblemException.class);
    }
}
