package io.nightshift.worker.failure;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void waitsDoubleFromTheFirstUpToTheLongestWithJitterOfAtMostHalf() {
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
        for (int i = 0; i < 200; i++) {
            long first = backoff.delay(1).toMillis();
            long third = backoff.delay(3).toMillis();
            long late = backoff.delay(40).toMillis();
            assertTrue(first >= 100 && first <= 200, "first " + first);
            assertTrue(third >= 400 && third <= 800, "third " + third);
            assertTrue(late >= 2500 && late <= 5000, "capped " + late);
        }
        assertTrue(Backoff.logged(1) && Backoff.logged(10) && Backoff.logged(20));
        assertFalse(Backoff.logged(2) || Backoff.logged(11));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
