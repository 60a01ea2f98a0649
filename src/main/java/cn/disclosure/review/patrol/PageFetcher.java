package cn.disclosure.review.patrol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches one page or file for a patrol: GET over HTTP/1.1, no proxy, no cookies, no credentials,
 * redirects followed by hand (at most {@code maxRedirects}, each target checked by the
 * {@link HostRule} before it is requested), a connect timeout, a deadline for the whole response
 * (headers and body) and a size cap (the body is cut off, and the fetch fails, past it).
 */
public final class PageFetcher {
    static final String USER_AGENT = "secrecy-review-patrol/1";

    /** What a fetch gave: the final URL, the status and body, or why nothing usable came back. */
    public record Fetch(URI url, int status, String contentType, byte[] body, String failure, String failureKind) {
        public boolean ok() {
            return failure == null && status >= 200 && status < 300;
        }

        public boolean failed() {
            return failure != null;
        }

        public boolean html() {
            String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
            return ct.startsWith("text/html") || ct.startsWith("application/xhtml");
        }
    }

    private final HostRule hosts;
    private final HttpClient client;
    private final Duration readTimeout;
    private final long maxBytes;
    private final int maxRedirects;

    public PageFetcher(HostRule hosts, Duration connectTimeout, Duration readTimeout, long maxBytes, int maxRedirects) {
        this.hosts = hosts;
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
        this.maxRedirects = maxRedirects;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(connectTimeout)
                .build();
    }

    /** Fetches {@code url}; never throws for what the network or the site does. */
    public Fetch fetch(URI url) {
        URI current = url;
        for (int hop = 0; ; hop++) {
            if (!hosts.allows(current)) {
                return failure(current, hop == 0 ? "主机不在巡检允许的范围内（review.patrol.allowed-hosts）"
                        : "跳转到巡检允许范围以外的主机", "host-refused");
            }
            Fetch f = once(current);
            if (f.failed() || f.status() < 300 || f.status() >= 400 || f.status() == 304) {
                return f;
            }
            Optional<String> location = f.contentType() == null ? Optional.empty() : Optional.of(f.contentType());
            if (location.isEmpty()) {
                return f;
            }
            if (hop >= maxRedirects) {
                return failure(current, "跳转次数超过 " + maxRedirects + " 次", "too-many-redirects");
            }
            URI next;
            try {
                next = current.resolve(location.get().strip());
            } catch (IllegalArgumentException e) {
                return failure(current, "跳转地址无效", "bad-redirect");
            }
            Optional<URI> parsed = HostRule.parse(next.toString());
            if (parsed.isEmpty()) {
                return failure(current, "跳转地址无效", "bad-redirect");
            }
            current = parsed.get();
        }
    }

    /**
     * One request. For a redirect the returned {@code contentType} carries the Location header
     * instead (the caller only needs that).
     */
    private Fetch once(URI url) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url).GET().timeout(readTimeout)
                    .header("User-Agent", USER_AGENT)
                    .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                    .build();
        } catch (IllegalArgumentException e) {
            return failure(url, "地址无效", "bad-url");
        }
        CompletableFuture<HttpResponse<Capped>> future = client.sendAsync(request, info -> new CappedBody(maxBytes));
        try {
            HttpResponse<Capped> response = future.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
            int status = response.statusCode();
            HttpHeaders headers = response.headers();
            if (status >= 300 && status < 400) {
                return new Fetch(url, status, headers.firstValue("Location").orElse(null), new byte[0], null, null);
            }
            Capped body = response.body();
            if (body.tooLarge()) {
                return new Fetch(url, status, null, new byte[0], "超过大小上限（" + maxBytes + " 字节）", "too-large");
            }
            return new Fetch(url, status, headers.firstValue("Content-Type").orElse(""), body.bytes(), null, null);
        } catch (TimeoutException e) {
            future.cancel(true);
            return failure(url, "读取超时", "timeout");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return failure(url, "巡检被中断", "interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException) {
                return failure(url, "连接超时", "connect-timeout");
            }
            if (cause instanceof HttpTimeoutException) {
                return failure(url, "读取超时", "timeout");
            }
            if (cause instanceof ConnectException) {
                return failure(url, "无法连接（连接被拒绝）", "refused");
            }
            if (cause instanceof IOException) {
                return failure(url, "读取失败（" + cause.getClass().getSimpleName() + "）", "io");
            }
            return failure(url, "读取失败", "error");
        }
    }

    private static Fetch failure(URI url, String why, String kind) {
        return new Fetch(url, 0, null, new byte[0], why, kind);
    }

    /** A body read up to the cap; past it the rest is not read and the stream is cancelled. */
    record Capped(byte[] bytes, boolean tooLarge) {
    }

    private static final class CappedBody implements HttpResponse.BodySubscriber<Capped> {
        private final long max;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<Capped> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(long max) {
            this.max = max;
        }

        @Override
        public CompletionStage<Capped> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (out.size() + (long) b.remaining() > max) {
                    result.complete(new Capped(new byte[0], true));
                    subscription.cancel();
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(new Capped(out.toByteArray(), false));
        }
    }
}
