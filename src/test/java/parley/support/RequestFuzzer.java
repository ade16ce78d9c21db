package parley.support;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Malformed HTTP/1.1 requests, made by mutating real ones: a seeded random mutator over the requests a
 * browser sends Parley (signing in, posting with and without htmx, the pages, opening a stream), each with
 * a real session cookie and an {@code Authorization} header. Each case applies one to three mutations to
 * the request line, the headers (Host, Content-Length, Content-Type and its charset, Transfer-Encoding and
 * chunking, absurd sizes, duplicates, bad bytes, broken lines) or the body (cut off, bad UTF-8, bad escapes,
 * noise). The same seed and index always give the same bytes, so a failing case can be made again.
 */
public final class RequestFuzzer {
    private static final String FORM = "application/x-www-form-urlencoded";
    /** Content-Length written from the body's real length when the request is serialised. */
    private static final String AUTO = "\u0000auto";

    private final String host;
    private final String cookie;
    private final String authorization;

    /**
     * @param host          the Host a browser would send ({@code 127.0.0.1:port})
     * @param cookie        the Cookie header of a signed-in browser
     * @param authorization an Authorization header's value, which must never be logged
     */
    public RequestFuzzer(String host, String cookie, String authorization) {
        this.host = host;
        this.cookie = cookie;
        this.authorization = authorization;
    }

    /** One malformed request: what was done to which real one, and its bytes. */
    public record Case(String description, byte[] bytes) {
        /** The bytes as text a person can read in a failure message: CR, LF and anything unprintable escaped. */
        public String printable() {
            StringBuilder text = new StringBuilder();
            int shown = Math.min(bytes.length, 1500);
            for (int i = 0; i < shown; i++) {
                int b = bytes[i] & 0xFF;
                if (b == '\r') {
                    text.append("\\r");
                } else if (b == '\n') {
                    text.append("\\n\n");
                } else if (b < 0x20 || b >= 0x7F) {
                    text.append("\\x").append(HexFormat.of().toHexDigits((byte) b));
                } else {
                    text.append((char) b);
                }
            }
            return shown < bytes.length ? text + "… (" + bytes.length + " bytes)" : text.toString();
        }
    }

    /** Case {@code index} of the run seeded {@code seed}. */
    public Case generate(long seed, int index) {
        Random random = new Random(seed * 1_000_003L + index);
        Request request = realRequest(random);
        StringBuilder description = new StringBuilder(request.name);
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            description.append("; ").append(mutate(request, random));
        }
        return new Case(description.toString(), request.serialise());
    }

    // ---- the real requests ----

    private Request realRequest(Random random) {
        String room = "fuzz-" + random.nextInt(4);
        return switch (random.nextInt(10)) {
            case 0 -> form("sign-in", "POST /session", "name=fuzzer+%C3%A9&next=%2Frooms%2F" + room, false)
                    .header("Origin", "http://" + host);
            case 1, 2 -> form("htmx post", "POST /rooms/" + room + "/messages", "text=hello+from+the+fuzzer+%F0%9F%98%80", true)
                    .header("HX-Request", "true").header("HX-Current-URL", "http://" + host + "/rooms/" + room)
                    .header("Sec-Fetch-Site", "same-origin");
            case 3 -> form("plain post", "POST /rooms/" + room + "/messages", "text=plain+post", true)
                    .header("Accept", "text/html").header("Origin", "http://" + host);
            case 4 -> page("home page", "GET /");
            case 5 -> page("room page", "GET /rooms/" + room);
            case 6 -> page("open a room", "GET /rooms?name=Big+Room");
            case 7 -> page("stream", "GET /rooms/" + room + "/events").header("Accept", "text/event-stream")
                    .header("Last-Event-ID", "1");
            case 8 -> page("health", "GET /health");
            default -> form("sign-out", "POST /logout", "", true);
        };
    }

    private Request page(String name, String requestLine) {
        return new Request(name, requestLine).header("Host", host).header("Accept", "text/html,*/*")
                .header("Cookie", cookie).header("Authorization", authorization).header("User-Agent", "fuzzer");
    }

    private Request form(String name, String requestLine, String body, boolean signedIn) {
        Request request = new Request(name, requestLine).header("Host", host);
        if (signedIn) {
            request.header("Cookie", cookie);
        }
        request.header("Authorization", authorization).header("Content-Type", FORM).header("Content-Length", AUTO);
        request.body = body.getBytes(UTF_8);
        return request;
    }

    // ---- the mutations ----

    private String mutate(Request request, Random random) {
        List<Mutation> all = List.of(
                this::method, this::path, this::version, this::requestLineSpacing,
                this::host, this::contentLength, this::contentType, this::chunked, this::absurdSize,
                this::duplicateHeader, this::badByteInHeader, this::brokenHeaderLine, this::odditiesOfHttp,
                this::cookieHeader, this::bodyCutOff, this::badUtf8, this::badEscape, this::bodyNoise, this::raw);
        return all.get(random.nextInt(all.size())).apply(request, random);
    }

    private interface Mutation {
        String apply(Request request, Random random);
    }

    private String method(Request request, Random random) {
        String method = pick(random, "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT",
                "PRI", "get", "P0ST", "", "GET GET", "\u0000", "X".repeat(300), "POST\t");
        request.method(method);
        return "method " + quoted(method);
    }

    private String path(Request request, Random random) {
        String path = request.target();
        String changed = switch (random.nextInt(12)) {
            case 0 -> path + pick(random, "%", "%0", "%zz", "%00", "%ff", "%2F", "%C0%AF", "%ED%A0%80");
            case 1 -> path + pick(random, "/..", "/../../etc/passwd", "//", "/.", "/;x=1", "/%2e%2e");
            case 2 -> path + "?" + pick(random, "a=%", "name=%FF", "next=//evil", "a=1&a=2&&=", "x=" + "y".repeat(5000));
            case 3 -> path + "#fragment";
            case 4 -> path + new String(new byte[] {(byte) 0xC3, (byte) 0xA9, (byte) 0xFF}, ISO_8859_1);
            case 5 -> path + "/" + "a".repeat(pickInt(random, 300, 5000, 9000, 70_000));
            case 6 -> pick(random, "*", "http://evil.example/", "http://" + host + path, "", "rooms", "/\\evil", "%2Frooms");
            case 7 -> path.replace("/", pick(random, "\\", "//", "/./"));
            case 8 -> path.toUpperCase();
            case 9 -> path + pick(random, " ", "\t", "\u000B", "\u007F");
            case 10 -> path + "%u0041";
            default -> path.substring(0, random.nextInt(path.length() + 1));
        };
        request.target(changed);
        return "path " + quoted(changed);
    }

    private String version(Request request, Random random) {
        String version = pick(random, "HTTP/1.0", "HTTP/2.0", "HTTP/0.9", "HTTP/1.10", "http/1.1", "", "HTTP/1.1 extra",
                "HTTP/1", "HTTP/3", "HTTP/1.1\u0000", "HTTPS/1.1");
        request.version(version);
        return "version " + quoted(version);
    }

    private String requestLineSpacing(Request request, Random random) {
        String separator = pick(random, "  ", "\t", "", " \u0000 ");
        request.requestLine = request.requestLine.replace(" ", separator);
        return "request line separated by " + quoted(separator);
    }

    private String host(Request request, Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> {
                request.remove("Host");
                yield "no Host";
            }
            case 1 -> {
                String other = pick(random, host, "evil.example", "127.0.0.1:1");
                request.headers.add(1, new String[] {"Host", other});
                yield "a second Host " + quoted(other);
            }
            default -> {
                String value = pick(random, "", "a b", "[::1", "[::1]:x", "[::g]", "127.0.0.1:99999", "127.0.0.1:-1",
                        "127.0.0.1:", ":80", "evil.example", "x".repeat(9000), host + ", evil", "h\u00FFst", "a@b",
                        "127.0.0.1:80:80", "%31%32%37.0.0.1");
                request.set("Host", value);
                yield "Host " + quoted(value);
            }
        };
    }

    private String contentLength(Request request, Random random) {
        int length = request.body.length;
        String value = pick(random, "0", String.valueOf(Math.max(0, length - 1)), String.valueOf(length + 1),
                String.valueOf(length + 100), "-1", "abc", "1e3", " 5", "+5", "0x10", "99999999999999999999",
                String.valueOf(Long.MAX_VALUE), "2147483648", "10000000", "", "5, 5", "5,6");
        switch (random.nextInt(4)) {
            case 0 -> {
                request.remove("Content-Length");
                return "no Content-Length";
            }
            case 1 -> {
                request.headers.add(new String[] {"Content-Length", value});
                return "a second Content-Length " + quoted(value);
            }
            default -> {
                request.set("Content-Length", value);
                return "Content-Length " + quoted(value);
            }
        }
    }

    private String contentType(Request request, Random random) {
        String value = pick(random, FORM + "; charset=UTF,8", FORM + "; charset=utf-8", FORM + "; charset=\"utf-8\"",
                FORM + ";charset=", FORM + "; charset", ";;;", "", ";", "text/plain", "multipart/form-data",
                "multipart/form-data; boundary=", "application/json", FORM.toUpperCase(), FORM + ";;charset=latin1",
                FORM + "; boundary=x; charset=utf-16", FORM + "; charset=\u00FF", FORM + "; charset=" + "x".repeat(500),
                FORM + "; charset=\"", "application/x-www-form-urlencoded , text/plain", "*/*", "x/" + FORM);
        switch (random.nextInt(5)) {
            case 0 -> {
                request.remove("Content-Type");
                return "no Content-Type";
            }
            case 1 -> {
                request.headers.add(new String[] {"Content-Type", value});
                return "a second Content-Type " + quoted(value);
            }
            default -> {
                request.set("Content-Type", value);
                return "Content-Type " + quoted(value);
            }
        }
    }

    /** The body sent chunked: well-formed, or with broken sizes, extensions or endings. */
    private String chunked(Request request, Random random) {
        String encoding = pick(random, "chunked", "chunked", "chunked", "gzip, chunked", "chunked, gzip", "identity",
                "CHUNKED", "chunked, chunked", "x");
        boolean keepLength = random.nextInt(4) == 0;
        if (!keepLength) {
            request.remove("Content-Length");
        }
        request.set("Transfer-Encoding", encoding);
        byte[] body = request.body;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int flaw = random.nextInt(9);
        int at = 0;
        while (at < body.length) {
            int size = Math.min(body.length - at, 1 + random.nextInt(16));
            String sizeLine = switch (flaw) {
                case 1 -> "zz";
                case 2 -> "-" + Integer.toHexString(size);
                case 3 -> "ffffffffffffffff";
                case 4 -> Integer.toHexString(size + 3);
                case 5 -> Integer.toHexString(size) + ";ext=\"1\"";
                default -> Integer.toHexString(size);
            };
            out.writeBytes((sizeLine + "\r\n").getBytes(ISO_8859_1));
            out.write(body, at, size);
            out.writeBytes(flaw == 6 ? "\n".getBytes(ISO_8859_1) : "\r\n".getBytes(ISO_8859_1));
            at += size;
        }
        String end = switch (flaw) {
            case 7 -> ""; // no last chunk
            case 8 -> "0\r\nX-Trailer: " + cookie + "\r\n\r\n";
            default -> "0\r\n\r\n";
        };
        out.writeBytes(end.getBytes(ISO_8859_1));
        request.body = out.toByteArray();
        return "Transfer-Encoding " + quoted(encoding) + (keepLength ? " and Content-Length" : "") + ", chunk flaw " + flaw;
    }

    private String absurdSize(Request request, Random random) {
        switch (random.nextInt(4)) {
            case 0 -> {
                int size = pickInt(random, 8_000, 20_000, 70_000);
                request.headers.add(new String[] {"X-Big", "v".repeat(size)});
                return "a header of " + size + " bytes";
            }
            case 1 -> {
                int count = pickInt(random, 100, 1000);
                for (int i = 0; i < count; i++) {
                    request.headers.add(new String[] {"X-" + i, "1"});
                }
                return count + " headers";
            }
            case 2 -> {
                request.headers.add(new String[] {"X".repeat(9000), "1"});
                return "a header name of 9000 bytes";
            }
            default -> {
                int size = pickInt(random, 65_000, 70_000, 200_000);
                request.body = ("text=" + "a".repeat(size)).getBytes(UTF_8);
                return "a body of " + size + " bytes";
            }
        }
    }

    private String duplicateHeader(Request request, Random random) {
        String[] header = request.headers.get(random.nextInt(request.headers.size()));
        request.headers.add(random.nextInt(request.headers.size() + 1), header.clone());
        return "a second " + header[0];
    }

    private String badByteInHeader(Request request, Random random) {
        String[] header = request.headers.get(random.nextInt(request.headers.size()));
        String bad = pick(random, "\u0000", "\u0001", "\u007F", "\u0080", "\u00FF", "\r", "\n", " ", ":", "\t", "\"", "\u001B");
        boolean name = random.nextBoolean() || header[1] == null; // a line without a colon has only a name
        String text = name ? header[0] : header[1];
        int at = random.nextInt(text.length() + 1);
        String changed = text.substring(0, at) + bad + text.substring(at);
        header[name ? 0 : 1] = changed;
        return "byte " + quoted(bad) + " in " + (name ? "the name of " : "the value of ") + header[0];
    }

    private String brokenHeaderLine(Request request, Random random) {
        int index = random.nextInt(request.headers.size());
        String[] header = request.headers.get(index);
        switch (random.nextInt(5)) {
            case 0 -> { // the line ends without its CRLF, so it swallows the next one
                request.mergeWithNext = index;
                return header[0] + " runs into the next line";
            }
            case 1 -> {
                header[1] = header[1] + "\r\n folded";
                return header[0] + " folded onto a second line";
            }
            case 2 -> {
                request.headers.add(index, new String[] {"NoColon" + "\u0000", null});
                return "a line without a colon";
            }
            case 3 -> {
                request.headers.add(index, new String[] {"", "empty name"});
                return "a header without a name";
            }
            default -> {
                request.headers.add(index, new String[] {header[0] + " ", header[1]});
                return "a space before the colon of " + header[0];
            }
        }
    }

    private String odditiesOfHttp(Request request, Random random) {
        String[] header = pick(random, new String[] {"Expect", "100-continue"}, new String[] {"Expect", "banana"},
                new String[] {"Connection", "close"}, new String[] {"Connection", "keep-alive, Upgrade"},
                new String[] {"Upgrade", "websocket"}, new String[] {"Upgrade", "h2c"},
                new String[] {"HTTP2-Settings", "AAMAAABkAAQAAP__"}, new String[] {"Content-Encoding", "gzip"},
                new String[] {"Range", "bytes=0-1,2-3,0-"}, new String[] {"If-Modified-Since", "yesterday"},
                new String[] {"Accept-Encoding", "gzip;q=x, br;q=2"}, new String[] {"X-Forwarded-For", "1.2.3.4, ::1"},
                new String[] {"Forwarded", "for=\"[::1"}, new String[] {"HX-Request", "false"},
                new String[] {"Sec-Fetch-Site", "cross-site"}, new String[] {"Origin", "null"},
                new String[] {"Last-Event-ID", "99999999999999999999"}, new String[] {"Accept", "text/event-stream"});
        request.headers.add(new String[] {header[0], header[1]});
        return header[0] + ": " + header[1];
    }

    private String cookieHeader(Request request, Random random) {
        String value = switch (random.nextInt(6)) {
            case 0 -> cookie + "x";
            case 1 -> cookie.replace("=", "=\"") + "\"";
            case 2 -> "$Version=1; " + cookie;
            case 3 -> cookie + "; " + cookie.replace("parley_session=", "parley_session=junk");
            case 4 -> cookie.substring(0, cookie.length() / 2);
            default -> cookie + "\u00FF";
        };
        if (random.nextBoolean()) {
            request.set("Cookie", value);
        } else {
            request.headers.add(new String[] {"Cookie", value});
        }
        return "a changed cookie";
    }

    private String bodyCutOff(Request request, Random random) {
        int keep = request.body.length == 0 ? 0 : random.nextInt(request.body.length);
        request.fixLength(); // the length of the whole body, of which only part is sent
        request.body = java.util.Arrays.copyOf(request.body, keep);
        return "body cut off after " + keep + " bytes";
    }

    private String badUtf8(Request request, Random random) {
        byte[] bad = pick(random, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {0});
        request.body = insert(request.body, random.nextInt(request.body.length + 1), bad);
        return "bad UTF-8 in the body";
    }

    private String badEscape(Request request, Random random) {
        String bad = pick(random, "%", "%G1", "%E2%82", "%%", "%FF%FE", "%C0%AF", "%ED%A0%80", "+", "&&&", "=", "==",
                "%00", "%0D%0A", "text=", "&text=" + "b".repeat(3000), "a=1&".repeat(5000));
        request.body = insert(request.body, random.nextInt(request.body.length + 1), bad.getBytes(ISO_8859_1));
        return "body with " + quoted(bad.length() > 20 ? bad.substring(0, 20) + "…" : bad);
    }

    private String bodyNoise(Request request, Random random) {
        byte[] noise = new byte[pickInt(random, 1, 16, 1000, 20_000)];
        random.nextBytes(noise);
        request.body = random.nextBoolean() ? noise : insert(request.body, request.body.length, noise);
        return noise.length + " random bytes of body";
    }

    /** Mutations of the serialised bytes: a byte flipped or dropped, the request sent twice, or cut anywhere. */
    private String raw(Request request, Random random) {
        int kind = random.nextInt(4);
        request.rawMutation = bytes -> {
            if (bytes.length == 0) {
                return bytes;
            }
            int at = random.nextInt(bytes.length);
            return switch (kind) {
                case 0 -> {
                    bytes[at] = (byte) random.nextInt(256);
                    yield bytes;
                }
                case 1 -> {
                    byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    yield shorter;
                }
                case 2 -> insert(bytes, bytes.length, bytes.clone());
                default -> java.util.Arrays.copyOf(bytes, at);
            };
        };
        return new String[] {"a byte changed", "a byte dropped", "sent twice on one connection", "cut off anywhere"}[kind];
    }

    // ---- helpers ----

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static int pickInt(Random random, int... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static byte[] insert(byte[] into, int at, byte[] bytes) {
        byte[] result = new byte[into.length + bytes.length];
        System.arraycopy(into, 0, result, 0, at);
        System.arraycopy(bytes, 0, result, at, bytes.length);
        System.arraycopy(into, at, result, at + bytes.length, into.length - at);
        return result;
    }

    private static String quoted(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "…(" + text.length() + ")" : text;
        StringBuilder out = new StringBuilder("'");
        shown.chars().forEach(c -> out.append(c < 0x20 || c == 0x7F ? String.format("\\x%02x", c) : String.valueOf((char) c)));
        return out.append("'").toString();
    }

    /** A request as parts the mutations change; written out as bytes (ISO-8859-1: one char, one byte). */
    private static final class Request {
        final String name;
        String requestLine;
        final List<String[]> headers = new ArrayList<>();
        byte[] body = new byte[0];
        int mergeWithNext = -1;
        java.util.function.UnaryOperator<byte[]> rawMutation;

        Request(String name, String requestLine) {
            this.name = name;
            this.requestLine = requestLine + " HTTP/1.1";
        }

        Request header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        void set(String name, String value) {
            boolean found = false;
            for (String[] header : headers) {
                if (name.equalsIgnoreCase(header[0])) {
                    header[1] = value;
                    found = true;
                }
            }
            if (!found) {
                headers.add(new String[] {name, value});
            }
        }

        void remove(String name) {
            headers.removeIf(header -> name.equalsIgnoreCase(header[0]));
        }

        /** Content-Length from now on says the body's present length, whatever is later done to the body. */
        void fixLength() {
            for (String[] header : headers) {
                if ("Content-Length".equalsIgnoreCase(header[0]) && AUTO.equals(header[1])) {
                    header[1] = String.valueOf(body.length);
                }
            }
        }

        String[] parts() {
            String[] parts = requestLine.split(" ", 3);
            return parts.length == 3 ? parts : new String[] {requestLine, "", ""};
        }

        String target() {
            return parts()[1];
        }

        void method(String method) {
            String[] parts = parts();
            requestLine = method + " " + parts[1] + " " + parts[2];
        }

        void target(String target) {
            String[] parts = parts();
            requestLine = parts[0] + " " + target + " " + parts[2];
        }

        void version(String version) {
            String[] parts = parts();
            requestLine = parts[0] + " " + parts[1] + (version.isEmpty() ? "" : " " + version);
        }

        byte[] serialise() {
            StringBuilder head = new StringBuilder(requestLine).append("\r\n");
            for (int i = 0; i < headers.size(); i++) {
                String[] header = headers.get(i);
                String value = AUTO.equals(header[1]) ? String.valueOf(body.length) : header[1];
                head.append(header[0]);
                if (value != null) {
                    head.append(": ").append(value);
                }
                if (i != mergeWithNext) {
                    head.append("\r\n");
                }
            }
            head.append("\r\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head.toString().getBytes(ISO_8859_1));
            out.writeBytes(body);
            byte[] bytes = out.toByteArray();
            return rawMutation == null ? bytes : rawMutation.apply(bytes);
        }
    }
}
