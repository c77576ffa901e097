package io.nightshift.protocol;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one parser and matcher of location settings that the dispatcher and the workers share. */
class StorageLocationsTest {
    @Test
    void parsesTheCommaSeparatedSettingAsTheListForm() {
        StorageLocations csv = StorageLocations.parse("output", " nightshift-results/enhanced/ , archive,");
        StorageLocations list = StorageLocations.parse("output", List.of("nightshift-results/enhanced/", " archive"));
        assertEquals(list.locations(), csv.locations());
        assertEquals(List.of(new StorageLocations.Location("nightshift-results", "enhanced/"),
                new StorageLocations.Location("archive", "")), csv.locations());
        assertEquals("[nightshift-results/enhanced/, archive]", csv.toString());
        assertEquals(List.of(new StorageLocations.Location("nightshift-results", "")),
                StorageLocations.parse("output", StorageLocations.DEFAULT_OUTPUT_LOCATIONS).locations());
    }

    @Test
    void refusesEmptySettingsAndBadBuckets() {
        assertThrows(IllegalArgumentException.class, () -> StorageLocations.parse("output", " , "));
        assertThrows(IllegalArgumentException.class, () -> StorageLocations.parse("output", List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StorageLocations.parse("output", "Bad_Bucket/x/"));
        assertTrue(e.getMessage().contains("Bad_Bucket"), e.getMessage());
    }

    @Test
    void keysAndFolders() {
        StorageLocations out = StorageLocations.parse("output", "nightshift-results/enhanced/,archive");
        assertTrue(out.contains("nightshift-results", "enhanced/2024/a.png"));
        assertFalse(out.contains("nightshift-results", "enhancedx/a.png"));
        assertFalse(out.contains("nightshift-models", "enhanced/a.png"));
        assertTrue(out.contains("archive", "anything/at/all.tif"));

        assertTrue(out.containsAll("nightshift-results", "enhanced/"));
        assertTrue(out.containsAll("nightshift-results", "enhanced/2024/"));
        assertFalse(out.containsAll("nightshift-results", ""), "the whole bucket is more than enhanced/");
        assertFalse(out.containsAll("nightshift-results", "other/"));
        assertTrue(out.containsAll("archive", ""));

        assertTrue(out.refuseFolder("nightshift-results", "enhanced/x/").isEmpty());
        StorageLocations.Refusal bucket = out.refuseFolder("nightshift-models", "enhanced/").orElseThrow();
        assertEquals(StorageLocations.Refusal.Field.BUCKET, bucket.field());
        assertTrue(bucket.message().contains("nightshift-models"), bucket.message());
        StorageLocations.Refusal prefix = out.refuseFolder("nightshift-results", "other/").orElseThrow();
        assertEquals(StorageLocations.Refusal.Field.PREFIX, prefix.field());
        assertTrue(prefix.message().contains("[nightshift-results/enhanced/, archive]"), prefix.message());
    }
}
