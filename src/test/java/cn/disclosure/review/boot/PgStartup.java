package cn.disclosure.review.boot;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What the server itself answers to a connection attempt, read off the wire protocol (no client
 * library in between, so a client that refuses to send a password cannot hide a server that would
 * let anyone in). Loopback only.
 */
final class PgStartup {
    /** AuthenticationOk: the server lets the client in without any credentials (trust). */
    static final int AUTH_OK = 0;
    static final int AUTH_CLEARTEXT = 3;
    static final int AUTH_MD5 = 5;
    static final int AUTH_SASL = 10;
    /** The server answered with an ErrorResponse (no access rule matched, for instance). */
    static final int ERROR = -1;

    record Answer(int code, String text) {
    }

    private PgStartup() {
    }

    /** Sends a StartupMessage for {@code user}/{@code database} to 127.0.0.1:{@code port}; returns the first answer. */
    static Answer startup(int port, String user, String database, Map<String, String> extra) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("user", user);
        params.put("database", database);
        params.putAll(extra);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(body);
        d.writeInt(196608); // protocol 3.0
        for (Map.Entry<String, String> e : params.entrySet()) {
            d.write(e.getKey().getBytes(StandardCharsets.UTF_8));
            d.write(0);
            d.write(e.getValue().getBytes(StandardCharsets.UTF_8));
            d.write(0);
        }
        d.write(0);
        try (Socket s = new Socket(InetAddress.getByAddress(new byte[]{127, 0, 0, 1}), port)) {
            s.setSoTimeout(20_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(body.size() + 4);
            out.write(body.toByteArray());
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte type = in.readByte();
            int len = in.readInt();
            byte[] payload = in.readNBytes(len - 4);
            String text = new String(payload, StandardCharsets.UTF_8).replace('\0', ' ');
            if (type == 'R') {
                return new Answer(ByteBuffer.wrap(payload).getInt(), text);
            }
            if (type == 'E') {
                return new Answer(ERROR, text);
            }
            throw new IOException("unexpected message type " + (char) type);
        }
    }

    static Answer startup(int port, String user) throws IOException {
        return startup(port, user, EmbeddedDatabase.DATABASE, Map.of());
    }

    /** A pgjdbc login with the given password (null: none at all). */
    static Connection login(int port, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "20");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + EmbeddedDatabase.DATABASE, p);
    }
}
