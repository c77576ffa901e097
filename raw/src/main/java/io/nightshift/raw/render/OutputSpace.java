package io.nightshift.raw.render;

/** Colour space and transfer of a rendering. */
public enum OutputSpace {
    /** White-balanced camera RGB, linear: the model's training target. */
    LINEAR_CAMERA,
    /** sRGB primaries with the sRGB transfer curve (IEC 61966-2-1). */
    SRGB
}
