package io.nightshift.modelstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.protocol.ModelFile;
import io.nightshift.protocol.ModelSetManifest;
import io.nightshift.protocol.ProtocolJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A record of the channel that cannot be used is skipped and reported, whatever it holds; it never throws. */
class ModelSetAnnouncementsTest {

    private static final String SHA = "ab".repeat(32);

    @Test
    void aRecordThatCannotBeUsedIsSkippedAndReportedNeverThrown() {
        String good = new String(ProtocolJson.write(manifest("2026-12-05.1", "enhancer.onnx")), StandardCharsets.UTF_8);
        String unsafeKey = good.replace("2026-12-05.1", "2026-12-05.2").replace("\"enhancer.onnx\"", "\"../../etc/enhancer.onnx\"");
        String[] unusable = {unsafeKey, "not json", "{\"schemaVersion\":2}", "{\"schemaVersion\":1}", "[]"};
        List<SkippedAnnouncement> skipped = new ArrayList<>();
        long offset = 0;
        for (String value : unusable) {
            Optional<Announcement> parsed = ModelSetAnnouncements.parse(record(offset++, "default", value), "default",
                    skipped::add);
            assertTrue(parsed.isEmpty(), value);
        }
        assertEquals(unusable.length, skipped.size(), "each one reported: " + skipped);
        assertEquals(0, skipped.get(0).offset());
        assertTrue(skipped.get(0).reason().contains("enhancer.key"), skipped.get(0).reason());
        assertTrue(ModelSetAnnouncements.parse(record(9, "default", unsafeKey), "default").isEmpty(),
                "without a listener too");

        Optional<Announcement> parsed = ModelSetAnnouncements.parse(record(offset, "default", good), "default",
                skipped::add);
        assertEquals("2026-12-05.1", parsed.orElseThrow().manifest().setVersion());
        assertTrue(ModelSetAnnouncements.parse(record(offset, "other", unsafeKey), "default", skipped::add).isEmpty());
        assertEquals(unusable.length, skipped.size(), "another channel's records are none of this reader's business");
    }

    private static ModelSetManifest manifest(String version, String enhancerKey) {
        return new ModelSetManifest(version, new ModelFile(enhancerKey, SHA), new ModelFile("ratio.onnx", SHA),
                Map.of(), null, null, Instant.parse("2026-12-05T10:00:00Z"));
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, String key, String value) {
        return new ConsumerRecord<>("nightshift.model-sets", 0, offset, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }
}
