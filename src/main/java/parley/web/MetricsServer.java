package parley.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code GET /metrics} in Prometheus's text format, on a port of its own ({@code --metrics-port}), apart
 * from the chat's: what an operator's scraper reads is never reachable by the browsers, and a scrape never
 * queues behind the chat's requests. A bare Jetty with a few threads of its own; nothing else is served.
 */
public final class MetricsServer implements AutoCloseable {
    /** The Prometheus text exposition format, version 0.0.4, which every Prometheus scrapes. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Server server;
    private final ServerConnector connector;

    private MetricsServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Listens on {@code host}:{@code port} (0 picks a free one) and serves {@code registry}'s meters. */
    public static MetricsServer start(String host, int port, PrometheusMeterRegistry registry) {
        QueuedThreadPool threads = new QueuedThreadPool(4, 1, 60_000);
        threads.setName("parley-metrics");
        threads.setReservedThreads(0);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory());
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        server.setHandler(new Scrape(registry));
        server.setStopTimeout(1_000);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("The metrics port " + port + " on " + host + " could not be opened: "
                    + e.getMessage(), e);
        }
        return new MetricsServer(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** GET (and HEAD) /metrics; anything else is 404 or 405, in a line of plain text. */
    private static final class Scrape extends Handler.Abstract {
        private final PrometheusMeterRegistry registry;

        Scrape(PrometheusMeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!"/metrics".equals(Request.getPathInContext(request))) {
                return answer(response, callback, HttpStatus.NOT_FOUND_404, "Only /metrics is served here.\n");
            }
            boolean head = "HEAD".equals(request.getMethod());
            if (!head && !"GET".equals(request.getMethod())) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                return answer(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "/metrics is read with GET.\n");
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            response.setStatus(HttpStatus.OK_200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, head ? null : ByteBuffer.wrap(body), callback);
            return true;
        }

        private static boolean answer(Response response, Callback callback, int status, String text) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
            Content.Sink.write(response, true, text, callback);
            return true;
        }
    }
}
