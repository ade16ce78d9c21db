package parley.web;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to a request it refuses before any route sees it: an address that is not UTF-8 or has a
 * NUL in it, a malformed header. Plain text a person can read, with the headers every Parley page carries,
 * instead of Jetty's own HTML error page.
 */
final class UnreadableRequests extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        SecurityHeaders.HEADERS.forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        String reason = HttpStatus.getMessage(code);
        String detail = message == null || message.equals(reason) ? "" : " (" + message + ")";
        Content.Sink.write(response, true, code + " " + reason + ": Parley could not read this request" + detail
                + ". Check the address, or start again from the home page, /.\n", callback);
    }
}
