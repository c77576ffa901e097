package io.nightshift.raw.pack;

import io.nightshift.raw.RawMetadata;

/**
 * A RAW file decoded and packed in one step ({@code RawDecoder.decodePacked}): what the frame is,
 * and its SID packing. The Bayer samples themselves never left LibRaw's memory.
 */
public record PackedFrame(RawMetadata metadata, PackedRaw packed) {
}
