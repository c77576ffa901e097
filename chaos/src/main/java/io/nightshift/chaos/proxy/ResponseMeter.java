package io.nightshift.chaos.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Counts the bytes of one HTTP response as they reach the client and says whether the whole response did: its head
 * and {@code Content-Length} bytes of body (none for a HEAD request, a 1xx, 204 or 304). Unknown for a response
 * without a length (chunked, or ended by closing).
 */
final class ResponseMeter {
    private final boolean head;
    private final ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
    private long bodyExpected = -1;
    private long bodySeen;
    private boolean headDone;
    private boolean unknown;

    ResponseMeter(boolean headRequest) {
        this.head = headRequest;
    }

    void delivered(byte[] buffer, int length) {
        int from = 0;
        if (!headDone) {
            for (; from < length && !headDone; from++) {
                headBytes.write(buffer[from]);
                byte[] sofar = headBytes.toByteArray();
                int n = sofar.length;
                headDone = n >= 4 && sofar[n - 4] == '\r' && sofar[n - 3] == '\n' && sofar[n - 2] == '\r'
                        && sofar[n - 1] == '\n';
            }
            if (headDone) {
                parse(headBytes.toString(StandardCharsets.ISO_8859_1));
            }
        }
        bodySeen += length - from;
    }

    private void parse(String text) {
        String[] lines = text.split("\r\n");
        String[] status = lines[0].split(" ");
        int code = status.length > 1 ? Integer.parseInt(status[1]) : 0;
        if (head || code / 100 == 1 || code == 204 || code == 304) {
            bodyExpected = 0;
            return;
        }
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                bodyExpected = Long.parseLong(line.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                unknown = true;
            }
        }
        if (bodyExpected < 0) {
            unknown = true;
        }
    }

    /** Whether the whole response reached the client; empty when its length is not known. */
    Optional<Boolean> complete() {
        if (!headDone) {
            return Optional.of(false);
        }
        if (unknown) {
            return Optional.empty();
        }
        return Optional.of(bodySeen >= bodyExpected);
    }
}
