package io.nightshift.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SourceMetadataTest {
    @Test
    void readsAPositiveRatio() {
        assertEquals(Optional.of(100.0), SourceMetadata.parseRatio("100"));
        assertEquals(Optional.of(62.5), SourceMetadata.parseRatio(" 62.5 "));
    }

    @Test
    void ignoresWhatIsNotARatio() {
        for (String value : new String[] {null, "", "x100", "0", "-3", "NaN", "Infinity"}) {
            assertEquals(Optional.empty(), SourceMetadata.parseRatio(value), String.valueOf(value));
        }
    }
}
