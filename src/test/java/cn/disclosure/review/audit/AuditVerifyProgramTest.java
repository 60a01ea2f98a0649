package cn.disclosure.review.audit;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline verifier deploy/audit/AuditVerify.java, run as a real process with the java of this
 * JVM, on a checkpoint, public key and entries exported from the running service — and on
 * tampered copies of them.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class AuditVerifyProgramTest {
    private static final Path PROGRAM = Path.of("deploy/audit/AuditVerify.java").toAbsolutePath();

    @Inject
    AuditLog audit;

    @TempDir
    Path dir;

    record Run(int exit, String out) {
    }

    private Run verify(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                PROGRAM.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** The export, page by page (one file per page), following the Link header. */
    private List<Path> exportEntries() throws IOException {
        List<Path> pages = new ArrayList<>();
        String next = "/api/v1/audit/entries?limit=400";
        while (next != null) {
            Response r = as("office").get(next);
            assertThat(r.statusCode()).isEqualTo(200);
            pages.add(write("entries-" + pages.size() + ".jsonl", r.asString()));
            String link = r.getHeader("Link");
            if (link == null) {
                next = null;
            } else {
                Matcher m = Pattern.compile("<([^>]+)>; rel=\"next\"").matcher(link);
                assertThat(m.matches()).as(link).isTrue();
                next = m.group(1);
            }
        }
        return pages;
    }

    private static String[] args(Path key, Path checkpoint, List<Path> entries) {
        List<String> a = new ArrayList<>(List.of("--public-key", key.toString(), "--checkpoint", checkpoint.toString()));
        entries.forEach(e -> a.addAll(List.of("--entries", e.toString())));
        return a.toArray(String[]::new);
    }

    @Test
    void theProgramVerifiesARealExportAndRefusesTamperedCopies() throws Exception {
        assertThat(PROGRAM).exists();
        for (int i = 0; i < 3; i++) {
            audit.append("TEST_EVENT", "tester", "test", "offline-" + i, Map.of("note", "换行\n\"引号\" \\ \u0001 ✓", "i", i));
        }
        String checkpointJson = as("office").post("/api/v1/audit/checkpoints").then().statusCode(200).extract().asString();
        Checkpoint cp = CheckpointFile.fromJson(checkpointJson);
        List<Map<String, Object>> keys = as("office").get("/api/v1/audit/public-keys").then().statusCode(200)
                .extract().jsonPath().getList("$");
        String pem = (String) keys.stream().filter(k -> Boolean.TRUE.equals(k.get("signing"))).findFirst().orElseThrow().get("publicKey");
        Path key = write("audit-public.pem", pem);
        Path checkpoint = write("checkpoint.json", checkpointJson);
        List<Path> entries = exportEntries();

        Run ok = verify(args(key, checkpoint, entries));
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("检查点签名有效：第 " + cp.seq() + " 条").contains("哈希链完整");

        Run signatureOnly = verify(args(key, checkpoint, List.of()));
        assertThat(signatureOnly.exit()).as(signatureOnly.out()).isZero();

        // A checkpoint claiming one entry fewer (to hide the last one): the signature no longer fits.
        Path lowered = write("lowered.json", checkpointJson.replace("\"seq\":" + cp.seq() + ",", "\"seq\":" + (cp.seq() - 1) + ","));
        Run r = verify(args(key, lowered, entries));
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("签名无效");

        // Entries with a changed line: the recomputed hash differs.
        List<Path> edited = new ArrayList<>();
        for (Path page : entries) {
            String text = Files.readString(page);
            edited.add(write("edited-" + page.getFileName(), text.replace("\"subjectId\":\"offline-1\"", "\"subjectId\":\"offline-9\"")));
        }
        assertThat(String.join("", edited.stream().map(p -> {
            try {
                return Files.readString(p);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList())).contains("offline-9");
        r = verify(args(key, checkpoint, edited));
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("内容被修改");

        // The export without its tail: shorter than the checkpoint.
        List<String> lines = new ArrayList<>();
        for (Path page : entries) {
            Files.readAllLines(page).stream().filter(l -> !l.isBlank()).forEach(lines::add);
        }
        Path cut = write("cut.jsonl", String.join("\n", lines.subList(0, (int) cp.seq() - 2)) + "\n");
        r = verify(args(key, checkpoint, List.of(cut)));
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("尾部缺失");

        // A key the checkpoint was not signed with.
        Path otherKey = write("other.pem", CheckpointKeys.pem(CheckpointKeys.publicKey(TestCheckpointKeys.OLD_PUBLIC)));
        r = verify(args(otherKey, checkpoint, List.of()));
        assertThat(r.exit()).as(r.out()).isEqualTo(1);

        // A checkpoint from before a rotation verifies with the old public key given as well.
        Checkpoint old = TestCheckpointKeys.signingWith(TestCheckpointKeys.OLD_PRIVATE)
                .sign(cp.seq(), cp.hash(), cp.entryInstant(), Instant.now());
        Path oldCheckpoint = write("old.json", CheckpointFile.toJson(old));
        r = verify("--public-key", key.toString(), "--public-key", otherKey.toString(), "--checkpoint", oldCheckpoint.toString(),
                "--entries", cut.toString(), "--entries", dir.resolve("rest.jsonl").toString());
        assertThat(r.exit()).as(r.out()).isEqualTo(2); // rest.jsonl does not exist: unusable input, not a verdict
        write("rest.jsonl", String.join("\n", lines.subList((int) cp.seq() - 2, lines.size())) + "\n");
        r = verify("--public-key", key.toString(), "--public-key", otherKey.toString(), "--checkpoint", oldCheckpoint.toString(),
                "--entries", cut.toString(), "--entries", dir.resolve("rest.jsonl").toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains(old.keyId());
    }
}
