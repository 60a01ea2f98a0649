package cn.disclosure.review.web;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Plain HTTP speaks HTTP/1.1 only: an {@code Upgrade: h2c} request is answered as HTTP/1.1 instead
 * of switching protocols. With the upgrade on, a POST whose body arrived with the upgrade request
 * (curl {@code --http2}, HTTP/2-first client libraries) sometimes got {@code 101 Switching Protocols}
 * and then no answer at all — a 30 KB or 9 MB draft upload hung until the client gave up. The Vert.x
 * maintainers advise against the upgrade in production. HTTP/2 over TLS (ALPN) is unaffected.
 */
@ApplicationScoped
public class NoCleartextHttp2Upgrade implements HttpServerOptionsCustomizer {
    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
