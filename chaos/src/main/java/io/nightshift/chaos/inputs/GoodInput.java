package io.nightshift.chaos.inputs;

/**
 * A RAW file the fleet must enhance: its key under the run's source prefix, its bytes, and the size its output must
 * have (the visible frame).
 */
public record GoodInput(String key, byte[] bytes, int width, int height, String layout) {
}
