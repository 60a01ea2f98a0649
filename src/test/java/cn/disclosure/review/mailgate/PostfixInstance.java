package cn.disclosure.review.mailgate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Debian Postfix of its own for a test: its own configuration, queue and data directories
 * under a fresh temporary directory, listening on free loopback ports only, relaying everything to
 * the test's receiver; so two runs on one machine never meet, and the system's Postfix (if any)
 * is not touched. Wired as deploy/mail/README.md tells an office: a before-queue proxy filter
 * ({@code smtpd_proxy_filter}) on the submission listener and a re-injection listener behind the gate.
 * Needs root and /usr/sbin/postfix (deploy/test.sh installs Debian's postfix).
 */
final class PostfixInstance implements AutoCloseable {
    final Path dir;
    final int submissionPort;
    final int reinjectionPort;

    private PostfixInstance(Path dir, int submissionPort, int reinjectionPort) {
        this.dir = dir;
        this.submissionPort = submissionPort;
        this.reinjectionPort = reinjectionPort;
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/sbin/postfix")) && "root".equals(System.getProperty("user.name"));
    }

    /** Free loopback ports, chosen by binding and releasing. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** How the gate is wired in: before the queue (smtpd_proxy_filter) or after it (content_filter). */
    enum Mode {
        BEFORE_QUEUE, AFTER_QUEUE
    }

    static PostfixInstance start(int gatePort, int relayPort) throws IOException, InterruptedException {
        return start(gatePort, relayPort, Mode.BEFORE_QUEUE);
    }

    /** The lines of master.cf for the submission and re-injection listeners (and the filter transport), per mode. */
    private List<String> listeners(int gatePort, Mode mode) {
        if (mode == Mode.BEFORE_QUEUE) {
            return List.of(
                    // what users' mail programs connect to: every message goes through the gate before it is queued
                    "127.0.0.1:" + submissionPort + " inet n - n - - smtpd",
                    "  -o smtpd_proxy_filter=127.0.0.1:" + gatePort,
                    "  -o smtpd_proxy_timeout=300s",
                    // where the gate hands the checked messages back
                    "127.0.0.1:" + reinjectionPort + " inet n - n - - smtpd",
                    "  -o smtpd_proxy_filter=",
                    "  -o smtpd_authorized_xforward_hosts=127.0.0.0/8",
                    "  -o smtpd_client_restrictions=",
                    "  -o smtpd_helo_restrictions=",
                    "  -o smtpd_sender_restrictions=",
                    "  -o smtpd_recipient_restrictions=permit_mynetworks,reject",
                    "  -o receive_override_options=no_unknown_recipient_checks");
        }
        // Postfix FILTER_README, "advanced content filter": queue first, then hand each message to the
        // gate with the smtp client (transport review-gate); the gate re-injects to a second smtpd.
        return List.of(
                "127.0.0.1:" + submissionPort + " inet n - n - - smtpd",
                "  -o content_filter=review-gate:[127.0.0.1]:" + gatePort,
                "review-gate unix - - n - 10 smtp",
                "  -o smtp_send_xforward_command=yes",
                "  -o disable_mime_output_conversion=yes",
                "  -o smtp_generic_maps=",
                "127.0.0.1:" + reinjectionPort + " inet n - n - 10 smtpd",
                "  -o content_filter=",
                "  -o receive_override_options=no_unknown_recipient_checks,no_header_body_checks,no_milters",
                "  -o smtpd_helo_restrictions=",
                "  -o smtpd_client_restrictions=",
                "  -o smtpd_sender_restrictions=",
                "  -o smtpd_relay_restrictions=",
                "  -o smtpd_recipient_restrictions=permit_mynetworks,reject",
                "  -o mynetworks=127.0.0.0/8",
                "  -o smtpd_authorized_xforward_hosts=127.0.0.0/8");
    }

    static PostfixInstance start(int gatePort, int relayPort, Mode mode) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("mailgate-postfix-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Path queue = Files.createDirectories(dir.resolve("queue"));
        Path data = Files.createDirectories(dir.resolve("data"));
        for (Path p : List.of(etc, queue, data)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        run(List.of("chown", "postfix", data.toString()));
        PostfixInstance pf = new PostfixInstance(dir, freePort(), freePort());
        Files.writeString(etc.resolve("main.cf"), String.join("\n",
                "compatibility_level = 3.6",
                "queue_directory = " + queue,
                "data_directory = " + data,
                "meta_directory = /etc/postfix",
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "myhostname = mta.test",
                "mydomain = test",
                "myorigin = $myhostname",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "mynetworks = 127.0.0.0/8",
                "mydestination =",
                "relayhost = [127.0.0.1]:" + relayPort,
                "smtp_dns_support_level = disabled",
                "alias_maps =",
                "alias_database =",
                "local_recipient_maps =",
                "smtputf8_enable = yes",
                "smtpd_relay_restrictions = permit_mynetworks, reject",
                "maillog_file = " + dir.resolve("maillog"),
                "maillog_file_prefixes = " + dir,
                "") , StandardCharsets.UTF_8);
        List<String> master = new ArrayList<>(pf.listeners(gatePort, mode));
        master.addAll(List.of(
                "pickup unix n - n 60 1 pickup",
                "cleanup unix n - n - 0 cleanup",
                "qmgr unix n - n 300 1 qmgr",
                "rewrite unix - - n - - trivial-rewrite",
                "bounce unix - - n - 0 bounce",
                "defer unix - - n - 0 bounce",
                "trace unix - - n - 0 bounce",
                "verify unix - - n - 1 verify",
                "flush unix n - n 1000? 0 flush",
                "proxymap unix - - n - - proxymap",
                "smtp unix - - n - - smtp",
                "relay unix - - n - - smtp",
                "showq unix n - n - - showq",
                "error unix - - n - - error",
                "retry unix - - n - - error",
                "discard unix - - n - - discard",
                "local unix - n n - - local",
                "anvil unix - - n - 1 anvil",
                "scache unix - - n - 1 scache",
                "postlog unix-dgram n - n - 1 postlogd",
                ""));
        Files.writeString(etc.resolve("master.cf"), String.join("\n", master), StandardCharsets.UTF_8);
        try {
            run(List.of("/usr/sbin/postfix", "-c", etc.toString(), "start"));
            pf.awaitListening();
        } catch (IOException | RuntimeException e) {
            pf.close();
            throw new IOException("Postfix did not start; its log:\n" + pf.log(), e);
        }
        return pf;
    }

    private void awaitListening() throws IOException, InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(until)) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), submissionPort);
                 Socket r = new Socket(InetAddress.getLoopbackAddress(), reinjectionPort)) {
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IOException("Postfix is not listening on 127.0.0.1:" + submissionPort);
    }

    /** {@code postqueue -p}: the queue listing (queue ids, senders, why a message waits). */
    String queue() throws IOException, InterruptedException {
        return postqueue("-p");
    }

    /** {@code postqueue -f}: attempt to deliver everything queued, now. */
    void flush() throws IOException, InterruptedException {
        postqueue("-f");
    }

    private String postqueue(String option) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/sbin/postqueue", "-c", dir.resolve("etc").toString(), option)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("postqueue " + option + " did not finish");
        }
        return out;
    }

    /** Postfix's own log (maillog_file), for the failure messages of the tests. */
    String log() {
        try {
            Path f = dir.resolve("maillog");
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable)";
        }
    }

    /** {@code postfix status}: whether this instance's master still runs. */
    private boolean running() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/sbin/postfix", "-c", dir.resolve("etc").toString(), "status")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return true;
        }
        return p.exitValue() == 0;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run(List.of("/usr/sbin/postfix", "-c", dir.resolve("etc").toString(), "stop"));
        } catch (IOException e) {
            // not running
        }
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (running() && Instant.now().isBefore(until)) {
            Thread.sleep(100);
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
