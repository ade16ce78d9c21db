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
    private final ClientMistakes mistakes;

    UnreadableRequests(Refusals refusals, ClientMistakes mistakes) {
        this.refusals = refusals;
        this.mistakes = mistakes;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        if (code == 503) {
            refusals.write(response, callback, new Refusal(io.javalin.http.HttpStatus.SERVICE_UNAVAILABLE,
                    "Service Unavailable", "503 Service Unavailable: this Parley node is stopping. Try again in a moment."));
            return;
        }
        // A request line naming another version ("HTTP/2.0", "HTTP/1.10") is a malformed request, not the server's
        // failure: a 400 like any other, so that a count of 5xx answers stays a count of Parley's own faults.
        int status = code == 505 ? 400 : code;
        String reason = org.eclipse.jetty.http.HttpStatus.getMessage(status);
        String why = code == 505 ? "Parley speaks HTTP/1.1 and 1.0, not the version this request named" : message;
        String detail = why == null || why.equals(reason) ? "" : " (" + why + ")";
        String text = status + " " + reason + ": Parley could not read this request" + detail
                + ". Check the address, or start again from the home page, /.";
        if (status < 500) {
            // Jetty's reasons for a 4xx are its own fixed words ("No Host", "Illegal character CNTL=0x1"), never the
            // request's bytes (Jetty's own warnings quote them, so those are off: simplelogger.properties). The
            // character named is left out, so that each reason is one kind of line, logged at most once a minute.
            mistakes.report("Refused a request Parley could not read: " + status + " " + reason
                    + detail.replaceAll(" [A-Z]+=\\S+\\)$", ")"));
        }
        io.javalin.http.HttpStatus answer = io.javalin.http.HttpStatus.forStatus(status);
        refusals.write(response, callback, new Refusal(answer, answer.getMessage(), text));
    }
}
