package io.nightshift.chaos.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The head of one HTTP/1.1 request (request line and header fields, up to the blank line), as read off a client's
 * connection, with {@code Connection: close} put in so that each connection carries one request the proxy can see.
 */
record RequestHead(String method, String bucket, String key, byte[] forwarded) {
    private static final int MAX_HEAD = 64 * 1024;

    /** Reads a head; {@code null} when the connection ends before one is complete. */
    static RequestHead read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0 || head.size() > MAX_HEAD) {
                return null;
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return parse(head.toString(StandardCharsets.ISO_8859_1));
    }

    static RequestHead parse(String head) {
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        String method = requestLine[0];
        String target = requestLine.length > 1 ? requestLine[1] : "/";
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        String decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        String trimmed = decoded.startsWith("/") ? decoded.substring(1) : decoded;
        int slash = trimmed.indexOf('/');
        String bucket = slash < 0 ? trimmed : trimmed.substring(0, slash);
        String key = slash < 0 ? "" : trimmed.substring(slash + 1);
        StringBuilder out = new StringBuilder(lines[0]).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isEmpty() && !lines[i].regionMatches(true, 0, "connection:", 0, 11)) {
                out.append(lines[i]).append("\r\n");
            }
        }
        out.append("Connection: close\r\n\r\n");
        return new RequestHead(method, bucket, key, out.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
}
