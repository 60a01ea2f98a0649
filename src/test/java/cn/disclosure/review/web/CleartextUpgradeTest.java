package cn.disclosure.review.web;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that offers the cleartext HTTP/2 upgrade with a multipart upload (what curl --http2 sends)
 * gets its HTTP/1.1 answer on the same connection, never a 101 followed by silence.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class CleartextUpgradeTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void uploadOfferingH2cIsAnsweredAsHttp11() throws Exception {
        String boundary = "----upgrade-test";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"draft\"\r\n"
                + "Content-Type: application/json; charset=UTF-8\r\n\r\n"
                + "{\"title\":\"升级请求测试\",\"channel\":\"WEBSITE\",\"body\":\"请审阅附件。\",\"submit\":false}\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes("普通通知正文。\n".repeat(3000).getBytes(StandardCharsets.UTF_8));   // ~30 KB, a size that hung
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        byte[] payload = body.toByteArray();
        String head = "POST /api/v1/drafts HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Authorization: Basic " + Base64.getEncoder().encodeToString("editor:editor".getBytes(StandardCharsets.UTF_8)) + "\r\n"
                + "Connection: Upgrade, HTTP2-Settings\r\n"
                + "Upgrade: h2c\r\n"
                + "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n"
                + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                + "Content-Length: " + payload.length + "\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            String statusLine = readLine(socket.getInputStream());
            assertThat(statusLine).startsWith("HTTP/1.1 201");
        }
    }

    private static String readLine(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
