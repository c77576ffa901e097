package io.nightshift.turbojpeg;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * The JNI entry points of {@code src/main/native/nightshift_jpeg.h}, compiled against the system
 * libjpeg-turbo ({@code libturbojpeg.so.0}) by JavaCPP's build goal. Written by hand (two functions need no
 * header parse). Use {@link TurboJpeg}, which checks every bound before calling in.
 */
@Properties(value = @Platform(value = "linux", include = "nightshift_jpeg.h", link = "turbojpeg@.0"))
public final class TurboJpegApi {

    static {
        Loader.load();
    }

    /** TurboJPEG's {@code TJSAMP_444}. */
    public static final int TJSAMP_444 = 0;
    /** TurboJPEG's {@code TJSAMP_422}. */
    public static final int TJSAMP_422 = 1;
    /** TurboJPEG's {@code TJSAMP_420}. */
    public static final int TJSAMP_420 = 2;

    private TurboJpegApi() {
    }

    public static native @Cast("long") long nightshift_jpeg_bound(int width, int height, int subsampling);

    public static native @Cast("long") long nightshift_jpeg_compress(@Cast("const unsigned char*") BytePointer rgb,
            int width, int height, int quality, int subsampling, @Cast("unsigned char*") BytePointer out,
            @Cast("long") long capacity, @Cast("char*") BytePointer error, int errorCapacity);
}
