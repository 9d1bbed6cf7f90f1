package dev.hamcp.bridge.runtime.mcp.upstream;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * One SDK session's view of the bridge's single shared {@link HttpClient}: it tells the session
 * the status of every response, and which of the session's calls it answered, before the SDK
 * reads the body.
 *
 * <p>Two reasons. The SDK's transports build an {@code HttpClient} per transport (a selector
 * thread and a connection pool each, never closed); handing them this through {@link #builder}
 * keeps one pool for all sessions. And the legacy SSE transport turns a 401 into a log line and a
 * request that waits for its timeout; seeing the status here lets the session fail at once and
 * never knock again with a rejected token.
 */
final class ObservedHttpClient extends HttpClient {

    /**
     * Marks a request with the session's number for the call it belongs to. Set by the request
     * customizer, removed here: it never leaves the bridge.
     */
    static final String CALL_HEADER = "X-Bridge-Call";

    private final HttpClient shared;
    private final ResponseObserver observer;

    private ObservedHttpClient(HttpClient shared, ResponseObserver observer) {
        this.shared = shared;
        this.observer = observer;
    }

    /** A builder for the SDK's transport builders whose {@code build()} returns this view; their settings are the shared client's. */
    static HttpClient.Builder builder(HttpClient shared, ResponseObserver observer) {
        return new SharedBuilder(new ObservedHttpClient(shared, observer));
    }

    private static HttpRequest unmarked(HttpRequest request) {
        if (request.headers().firstValue(CALL_HEADER).isEmpty()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase(CALL_HEADER))
                .build();
    }

    private <T> HttpResponse.BodyHandler<T> observed(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        long call =
                request.headers().firstValue(CALL_HEADER).map(Long::parseLong).orElse(-1L);
        return info -> {
            observer.onResponse(call, info.statusCode());
            return handler.apply(info);
        };
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return shared.send(unmarked(request), observed(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return shared.sendAsync(unmarked(request), observed(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return shared.sendAsync(unmarked(request), observed(request, handler), pushPromiseHandler);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return shared.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return shared.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return shared.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return shared.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return shared.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return shared.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return shared.authenticator();
    }

    @Override
    public Version version() {
        return shared.version();
    }

    @Override
    public Optional<Executor> executor() {
        return shared.executor();
    }

    /** Ignores what the SDK would set: timeouts, redirects and the HTTP version are the bridge's. */
    private record SharedBuilder(HttpClient client) implements HttpClient.Builder {

        @Override
        public Builder cookieHandler(CookieHandler cookieHandler) {
            return this;
        }

        @Override
        public Builder connectTimeout(Duration duration) {
            return this;
        }

        @Override
        public Builder sslContext(SSLContext sslContext) {
            return this;
        }

        @Override
        public Builder sslParameters(SSLParameters sslParameters) {
            return this;
        }

        @Override
        public Builder executor(Executor executor) {
            return this;
        }

        @Override
        public Builder followRedirects(Redirect policy) {
            return this;
        }

        @Override
        public Builder version(Version version) {
            return this;
        }

        @Override
        public Builder priority(int priority) {
            return this;
        }

        @Override
        public Builder proxy(ProxySelector proxySelector) {
            return this;
        }

        @Override
        public Builder authenticator(Authenticator authenticator) {
            return this;
        }

        @Override
        public HttpClient build() {
            return client;
        }
    }
}
