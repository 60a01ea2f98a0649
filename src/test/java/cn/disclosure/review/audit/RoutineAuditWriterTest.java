package cn.disclosure.review.audit;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class RoutineAuditWriterTest {

    @Inject
    RoutineAuditWriter routine;
    @Inject
    AuditLog audit;

    @Test
    void concurrentRoutineLinesAreAllCommittedWhenAppendReturnsAndTheChainStaysLinear() throws Exception {
        String run = "run-" + System.nanoTime();
        int threads = 16;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String id = run + "/" + thread + "/" + i;
                        routine.append("TEST_ROUTINE", "tester", "test", id, Map.of("i", i));
                        // Returned means committed: a fresh transaction sees the line at once.
                        long seen = QuarkusTransaction.requiringNew().call(() -> AuditEntry.count("subjectId", id));
                        assertThat(seen).as(id).isEqualTo(1);
                        if (i % 5 == 0) {
                            // Ordinary appends in their own transactions interleave with the batches.
                            audit.append("TEST_EVENT", "tester", "test", id + "/plain", Map.of());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<AuditEntry> lines = QuarkusTransaction.requiringNew().call(
                () -> AuditEntry.list("action = 'TEST_ROUTINE' and subjectId like ?1 order by seq", run + "/%"));
        Set<String> ids = new TreeSet<>();
        lines.forEach(e -> ids.add(e.subjectId));
        assertThat(ids).hasSize(threads * perThread);
        as("admin").get("/api/v1/audit/verify").then().statusCode(200).body("ok", equalTo(true));
    }
}
