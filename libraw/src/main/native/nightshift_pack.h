/*
 * Nightshift: SID packing straight from LibRaw's raw_image (or any 16-bit mosaic in memory), one
 * pass, no intermediate copy. Compiled into the project's JNI library with -O3, where g++ vectorises
 * the loop; bound to Java by LibRawConfig (LibRawApi.nightshift_sid_pack).
 */
#ifndef NIGHTSHIFT_PACK_H
#define NIGHTSHIFT_PACK_H

/*
 * g++ builds the packer twice, for AVX2 and for the x86-64 baseline the JNI library targets, and
 * picks one when the library loads (GNU ifunc). AVX2 alone, no FMA: the arithmetic stays exactly
 * that of the Java packer.
 */
#if defined(__GNUC__) && defined(__x86_64__) && defined(__linux__)
#define NIGHTSHIFT_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define NIGHTSHIFT_CLONES
#endif

/*
 * Packs rows x cols 2x2 blocks into out[4][rows][cols], channel order R, G1, B, G2. The red pixel
 * of block (0, 0) is raw[first]; G1 is right of it, G2 below it, B diagonal to it; block rows lie
 * 2 * pitch samples apart. Each value is (sample - black[c]) * scale[c], clamped to [0, 1]: the
 * same single-precision arithmetic as the Java packer, so results are identical.
 * The caller checks every bound.
 */
NIGHTSHIFT_CLONES inline void nightshift_sid_pack(const unsigned short* raw, long first, long pitch, int rows, int cols,
        float blackR, float blackG1, float blackB, float blackG2,
        float scaleR, float scaleG1, float scaleB, float scaleG2, float* out) {
    const long plane = (long) rows * cols;
    for (int row = 0; row < rows; row++) {
        const unsigned short* red = raw + first + 2 * pitch * row;
        const unsigned short* blue = red + pitch;
        float* r = out + (long) row * cols;
        float* g1 = r + plane;
        float* b = g1 + plane;
        float* g2 = b + plane;
        for (int col = 0; col < cols; col++) {
            float vr = ((float) red[2 * col] - blackR) * scaleR;
            float vg1 = ((float) red[2 * col + 1] - blackG1) * scaleG1;
            float vb = ((float) blue[2 * col + 1] - blackB) * scaleB;
            float vg2 = ((float) blue[2 * col] - blackG2) * scaleG2;
            r[col] = vr < 0.0f ? 0.0f : (vr > 1.0f ? 1.0f : vr);
            g1[col] = vg1 < 0.0f ? 0.0f : (vg1 > 1.0f ? 1.0f : vg1);
            b[col] = vb < 0.0f ? 0.0f : (vb > 1.0f ? 1.0f : vb);
            g2[col] = vg2 < 0.0f ? 0.0f : (vg2 > 1.0f ? 1.0f : vg2);
        }
    }
}

#endif
