package parley.web;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to a request it refuses before any route sees it: an address that is not UTF-8 or has a
 * NUL in it, a malformed header, or a new request while the node stops. Plain text a person can read, with
 * the headers every Parley response carries, instead of Jetty's own HTML error page.
 */
final class UnreadableRequests extends ErrorHandler {
    private final Refusals refusals;

    UnreadableRequests(Refusals refusals) {
        this.refusals = refusals;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        io.javalin.http.HttpStatus status = io.javalin.http.HttpStatus.forStatus(code);
        String text;
        if (code == 503) {
            text = "503 Service Unavailable: this Parley node is stopping. Try again in a moment.";
        } else {
            String reason = org.eclipse.jetty.http.HttpStatus.getMessage(code);
            String detail = message == null || message.equals(reason) ? "" : " (" + message + ")";
            text = code + " " + reason + ": Parley could not read this request" + detail
                    + ". Check the address, or start again from the home page, /.";
        }
        refusals.write(response, callback, new Refusal(status, status.getMessage(), text));
    }
}
