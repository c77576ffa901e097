package io.nightshift.dispatcher.publishing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AckWatermarkTest {
    @Test
    void advancesOnlyOverContiguousAcknowledgements() {
        AckWatermark marks = new AckWatermark(10, "a/009");
        AckWatermark.Pending first = marks.sent("a/010");
        AckWatermark.Pending second = marks.sent("a/011");
        AckWatermark.Pending third = marks.sent("a/012");

        marks.acked(third);
        assertEquals(new AckWatermark.Mark(10, "a/009"), marks.mark(), "a later ack does not move the watermark");
        assertEquals(11, marks.acknowledged());

        marks.acked(first);
        assertEquals(new AckWatermark.Mark(11, "a/010"), marks.mark());

        marks.acked(second);
        assertEquals(new AckWatermark.Mark(13, "a/012"), marks.mark(), "the gap closed: up to the last key");
        assertEquals(13, marks.acknowledged());
    }

    @Test
    void settlesWhenAllAreAckedOrOneFails() throws InterruptedException {
        AckWatermark marks = new AckWatermark(0, null);
        AckWatermark.Pending only = marks.sent("k");
        new Thread(() -> marks.acked(only)).start();
        marks.awaitSettled();
        assertEquals(new AckWatermark.Mark(1, "k"), marks.mark());

        marks.sent("l");
        marks.failed(new IllegalStateException("broker gone"));
        marks.awaitSettled();
        assertEquals(new AckWatermark.Mark(1, "k"), marks.mark(), "the failed job stays after the watermark");
    }
}
