package cn.disclosure.review.boot;

import io.zonky.test.db.postgres.util.LinuxUtils;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One PostgreSQL data directory run with the binaries from {@link PostgresBinaries}: initdb, the
 * access rules, start and stop with {@code pg_ctl}, and single-user mode for setting the superuser's
 * password without any network access. When the JVM runs as root the commands run in a user
 * namespace ({@code unshare -U}, as zonky does), because PostgreSQL refuses to run as root.
 *
 * <p>The settings the service relies on are passed on the command line, where neither
 * {@code postgresql.conf} nor {@code ALTER SYSTEM} can override them: listen on 127.0.0.1 only, no
 * Unix socket, {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on, SCRAM
 * password hashes. {@code pg_hba.conf} is rewritten on every start: a password for every connection.
 */
final class PostgresServer {
    private static final Logger LOG = Logger.getLogger(PostgresServer.class);
    static final String SUPERUSER = "postgres";
    /** Seconds pg_ctl waits for the server to accept connections (crash recovery included). */
    private static final int START_WAIT_SECONDS = 300;

    static final String ACCESS_RULES = """
            # Written by the secrecy review service on every start of its embedded PostgreSQL
            # (boot/PostgresServer); changes made here are overwritten.
            # Every connection needs a password (SCRAM-SHA-256), the superuser's too. The server listens
            # on 127.0.0.1 only and opens no Unix socket; replication connections are refused.
            # TYPE  DATABASE  USER  ADDRESS       METHOD
            local   all       all                 scram-sha-256
            host    all       all   127.0.0.1/32  scram-sha-256
            """;

    private final Path binaries;
    private final Path pgDir;
    private final int port;

    PostgresServer(Path binaries, Path pgDir, int port) {
        this.binaries = binaries;
        this.pgDir = pgDir;
        this.port = port;
    }

    Path directory() {
        return pgDir;
    }

    int port() {
        return port;
    }

    boolean initialized() {
        return Files.isRegularFile(pgDir.resolve("PG_VERSION"));
    }

    /**
     * A new cluster whose every access rule asks for a password from the first moment on: the
     * superuser's password comes from {@code passwordFile}. initdb runs into a sibling directory that
     * is renamed into place only when complete, so a half-made cluster is never started.
     */
    void initdb(Path passwordFile) throws IOException {
        if (Files.exists(pgDir)) {
            try (var entries = Files.list(pgDir)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException("数据目录 " + pgDir + " 不是空目录，也不是 PostgreSQL 数据目录；请检查后再启动");
                }
            }
            Files.delete(pgDir);
        }
        Path tmp = pgDir.resolveSibling(pgDir.getFileName() + ".initdb");
        deleteTree(tmp);
        run(command("initdb", "-D", tmp.toString(), "-U", SUPERUSER, "--auth=scram-sha-256",
                "--pwfile=" + passwordFile, "-E", "UTF-8"), null, 300);
        Files.move(tmp, pgDir, StandardCopyOption.ATOMIC_MOVE);
        LOG.infof("已初始化内置 PostgreSQL 数据目录 %s（所有连接都需要密码）", pgDir);
    }

    /** Rewrites pg_hba.conf: SCRAM passwords for every connection, nothing else (file mode 0600). */
    void writeAccessRules() throws IOException {
        Path hba = pgDir.resolve("pg_hba.conf");
        Path tmp = pgDir.resolve("pg_hba.conf.tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, ACCESS_RULES, StandardCharsets.UTF_8);
        Files.move(tmp, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The server's command-line settings (after -o of pg_ctl; pg_ctl hands them to /bin/sh). */
    List<String> serverOptions() {
        return List.of(
                "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=''",
                "-c", "password_encryption=scram-sha-256",
                "-c", "fsync=on",
                "-c", "synchronous_commit=on",
                "-c", "full_page_writes=on",
                "-c", "max_connections=300",
                "-c", "timezone=UTC",
                // server log in <pg>/log, one file per weekday, overwritten a week later; terse
                // messages and no statement text, so no row content reaches the log
                "-c", "logging_collector=on",
                "-c", "log_directory=log",
                "-c", "log_filename=postgresql-%a.log",
                "-c", "log_truncate_on_rotation=on",
                "-c", "log_rotation_age=1d",
                "-c", "log_rotation_size=0",
                "-c", "log_error_verbosity=terse",
                "-c", "log_min_error_statement=panic");
    }

    /** Starts the server and waits until it accepts connections (pg_ctl -w). */
    void start() throws IOException {
        Path log = pgDir.resolve("log");
        Files.createDirectories(log);
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rwx------"));
        try {
            run(command("pg_ctl", "-D", pgDir.toString(), "-l", log.resolve("startup.log").toString(),
                    "-w", "-t", Integer.toString(START_WAIT_SECONDS), "-o", String.join(" ", serverOptions()), "start"),
                    null, START_WAIT_SECONDS + 30);
        } catch (IOException e) {
            // pg_ctl only says "Examine the log output": the server's last words say why (terse, no statements)
            throw new IOException(e.getMessage() + " | " + startupLogTail(log.resolve("startup.log")), e);
        }
    }

    private static String startupLogTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
            return lines.subList(Math.max(0, lines.size() - 3), lines.size()).stream()
                    .map(l -> l.length() > 200 ? l.substring(0, 200) : l).collect(Collectors.joining(" | "));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Fast shutdown: open transactions are rolled back, committed ones are on disk. */
    void stop() throws IOException {
        if (Files.exists(pgDir.resolve("postmaster.pid"))) {
            run(command("pg_ctl", "-D", pgDir.toString(), "-m", "fast", "-w", "-t", "60", "stop"), null, 90);
        }
    }

    /**
     * Sets a role's password hash in single-user mode: no listener, no socket, no other session. The
     * statement carries the SCRAM verifier, never the password. The server must be stopped.
     */
    void setPasswordOffline(String role, String scramVerifier) throws IOException {
        if (!role.matches("[a-z_][a-z0-9_]*") || !scramVerifier.matches("SCRAM-SHA-256\\$[0-9]+:[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+")) {
            throw new IllegalArgumentException("role or verifier");
        }
        String sql = "alter role " + role + " with login password '" + scramVerifier + "'\n";
        String out = run(command("postgres", "--single", "-D", pgDir.toString(),
                "-c", "listen_addresses=", "-c", "unix_socket_directories=", "-c", "log_min_error_statement=panic",
                "postgres"), sql, 300);
        // single-user mode exits 0 after a failed statement; its messages say so
        List<String> errors = out.lines().filter(l -> l.contains("ERROR:") || l.contains("FATAL:") || l.contains("PANIC:"))
                .map(l -> l.length() > 200 ? l.substring(0, 200) : l).toList();
        if (!errors.isEmpty()) {
            throw new IOException("单用户模式设置密码失败：" + String.join(" | ", errors));
        }
    }

    /** The postmaster's process as named by {@code postmaster.pid}, when that file names a live process. */
    Optional<ProcessHandle> postmaster() {
        Path pidFile = pgDir.resolve("postmaster.pid");
        try {
            String first = Files.readAllLines(pidFile).get(0).trim();
            return ProcessHandle.of(Long.parseLong(first)).filter(PostgresServer::running);
        } catch (IOException | RuntimeException e) {
            // no pid file (stopped), or one being written
            return Optional.empty();
        }
    }

    /**
     * Alive and not a zombie: a killed postmaster stays "alive" for {@link ProcessHandle#isAlive()}
     * until its parent reaps it, which may be late (a container's init) or never.
     */
    static boolean running(ProcessHandle h) {
        return h.isAlive() && !zombie(processState(h.pid()));
    }

    /** The state letter of /proc/PID/stat (R, S, D, Z, X …); empty when it cannot be read. */
    static String processState(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() ? "" : stat.substring(close + 2, close + 3);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    static boolean zombie(String state) {
        return state.equals("Z") || state.equals("X");
    }

    /**
     * After a kill -9 of the JVM the postmaster keeps running and holds the data directory.
     * Ask it for a fast shutdown (SIGINT), then force it; a pid file naming a dead process is removed.
     */
    void stopLeftoverPostmaster() throws IOException {
        Path pidFile = pgDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (RuntimeException e) {
            Files.deleteIfExists(pidFile);
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent() && running(handle.get()) && looksLikePostgres(handle.get())) {
            LOG.warnf("发现上次未正常退出的 PostgreSQL（pid %d），正在关闭", pid);
            signal(pid, "INT");
            if (!waitForExit(handle.get(), 30)) {
                handle.get().destroyForcibly();
                waitForExit(handle.get(), 10);
            }
        }
        Files.deleteIfExists(pidFile);
    }

    private static boolean looksLikePostgres(ProcessHandle h) {
        return h.info().command().map(c -> c.contains("postgres")).orElse(true);
    }

    private static void signal(long pid, String sig) {
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until {@code h} has exited or is a zombie (not reaped by its parent); false when still running. */
    static boolean waitForExit(ProcessHandle h, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (running(h)) {
            if (System.nanoTime() >= deadline) {
                return false;      // still running: the caller escalates
            }
            try {
                h.onExit().get(50, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // look again: a zombie never completes onExit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !running(h);
            } catch (java.util.concurrent.ExecutionException e) {
                return !running(h);
            }
        }
        return true;
    }

    private List<String> command(String program, String... args) {
        List<String> cmd = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // running as root: PostgreSQL refuses uid 0, so run it as an unmapped user of a new user
            // namespace (file access stays that of this process; no new privileges)
            cmd.add("unshare");
            cmd.add("-U");
        }
        cmd.add(binaries.resolve("bin").resolve(program).toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs a command, feeding {@code stdin}; returns its merged output; fails on a non-zero exit. */
    private static String run(List<String> cmd, String stdin, int timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        // the client-side PG* variables must not steer initdb/pg_ctl/postgres
        env.keySet().removeIf(k -> k.startsWith("PG"));
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out;
        try (InputStream o = p.getInputStream()) {
            out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(programName(cmd) + " 超时未结束");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(programName(cmd) + " 被中断", e);
        }
        if (p.exitValue() != 0) {
            String tail = out.lines().filter(l -> !l.isBlank()).skip(Math.max(0, out.lines().count() - 5))
                    .collect(Collectors.joining(" | "));
            throw new IOException(programName(cmd) + " 失败（退出码 " + p.exitValue() + "）：" + tail);
        }
        return out;
    }

    private static String programName(List<String> cmd) {
        String exe = cmd.get(cmd.get(0).equals("unshare") ? 2 : 0);
        return Path.of(exe).getFileName().toString();
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
