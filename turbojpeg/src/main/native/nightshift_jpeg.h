/*
 * The project's own entry points into libjpeg-turbo's TurboJPEG API (Debian libturbojpeg0-dev 2.1): one call
 * compresses a whole packed 8-bit RGB image into a caller-owned buffer. The compressor handle lives and dies
 * inside the call, so no native handle ever reaches Java.
 */
#ifndef NIGHTSHIFT_JPEG_H
#define NIGHTSHIFT_JPEG_H

#include <string.h>
#include <turbojpeg.h>

/* The largest JPEG that width × height can become at this chroma subsampling (TJSAMP_*). */
static inline long nightshift_jpeg_bound(int width, int height, int subsampling) {
    return (long) tjBufSize(width, height, subsampling);
}

static inline void nightshift_jpeg_error(tjhandle handle, char* error, int errorCapacity) {
    if (errorCapacity > 0) {
        strncpy(error, tjGetErrorStr2(handle), (size_t) errorCapacity - 1);
        error[errorCapacity - 1] = 0;
    }
}

/*
 * Compresses rows of packed RGB (3 bytes a pixel, pitch 3 × width, top row first) at quality 1–100 and the
 * subsampling TJSAMP_* into out (capacity bytes, at least nightshift_jpeg_bound: never reallocated), with the
 * accurate integer DCT (TurboJPEG would take the fast one: the JDK writer takes this). Returns the JPEG's size, or -1 with the reason
 * in error.
 */
static inline long nightshift_jpeg_compress(const unsigned char* rgb, int width, int height, int quality,
                                            int subsampling, unsigned char* out, long capacity, char* error,
                                            int errorCapacity) {
    tjhandle handle = tjInitCompress();
    if (handle == NULL) {
        nightshift_jpeg_error(NULL, error, errorCapacity);
        return -1;
    }
    unsigned char* dst = out;
    unsigned long size = (unsigned long) capacity;
    int rc = tjCompress2(handle, rgb, width, 3 * width, height, TJPF_RGB, &dst, &size, subsampling, quality,
                         TJFLAG_NOREALLOC | TJFLAG_ACCURATEDCT);
    if (rc != 0) {
        nightshift_jpeg_error(handle, error, errorCapacity);
    }
    tjDestroy(handle);
    return rc == 0 ? (long) size : -1;
}

#endif
