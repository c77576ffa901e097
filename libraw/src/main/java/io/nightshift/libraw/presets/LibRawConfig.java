package io.nightshift.libraw.presets;

import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.tools.Info;
import org.bytedeco.javacpp.tools.InfoMap;
import org.bytedeco.javacpp.tools.InfoMapper;

/**
 * JavaCPP configuration of the project's own binding to the system LibRaw (Debian {@code libraw-dev}
 * 0.20.x, thread-safe {@code libraw_r}).
 *
 * <p>The Maven build compiles this class first, runs JavaCPP's parser on it to generate the Java
 * classes of {@code io.nightshift.libraw} from LibRaw's headers, then compiles the JNI library with
 * the system C++ compiler. Nothing native is committed.
 */
@Properties(
        target = "io.nightshift.libraw",
        global = "io.nightshift.libraw.global.LibRawApi",
        value = @Platform(
                value = "linux",
                include = {
                        "libraw_const.h",
                        "libraw_version.h",
                        "libraw_types.h",
                        "libraw_datastream.h",
                        "libraw.h",
                        "nightshift_pack.h",
                        "nightshift_test_hooks.h",
                },
                // nightshift_pack.h lies in src/main/native: the Maven plugin adds that include path
                includepath = "/usr/include/libraw",
                link = "raw_r@.20"))
public class LibRawConfig implements InfoMapper {

    @Override
    public void map(InfoMap infoMap) {
        infoMap
                // The parser does not evaluate the Windows-only branches as false by itself.
                .put(new Info("defined(_WIN32) || defined(WIN32)", "defined(WIN32) || defined(_WIN32)",
                        "defined _WIN32", "_WIN32", "WIN32", "LIBRAW_WIN32_CALLS", "LIBRAW_WIN32_DLLDEFS",
                        "LIBRAW_WIN32_UNICODEPATHS", "USE_DNGSDK", "USE_LCMS", "USE_LCMS2", "_OPENMP",
                        "defined(_WIN32) && (_MSC_VER) >= 1500", "LIBRAW_LIBRARY_BUILD",
                        "defined (LIBRAW_LIBRARY_BUILD) && defined(__cplusplus)")
                        .define(false))
                // Version strings are macros built from other macros: not needed from Java.
                .put(new Info("LIBRAW_VERSION_TAIL", "LIBRAW_VERSION_STR", "LIBRAW_VERSION",
                        "LIBRAW_VERSION_MAKE", "_LIBRAW_VERSION_MAKE").skip())
                // Exif tag type constants and two processing enums that do not translate cleanly.
                .put(new Info("LIBRAW_EXIFTOOLTAGTYPE_int8u", "LIBRAW_EXIFTOOLTAGTYPE_string",
                        "LIBRAW_EXIFTOOLTAGTYPE_int16u", "LIBRAW_EXIFTOOLTAGTYPE_int32u",
                        "LIBRAW_EXIFTOOLTAGTYPE_rational64u", "LIBRAW_EXIFTOOLTAGTYPE_int8s",
                        "LIBRAW_EXIFTOOLTAGTYPE_undef", "LIBRAW_EXIFTOOLTAGTYPE_binary",
                        "LIBRAW_EXIFTOOLTAGTYPE_int16s", "LIBRAW_EXIFTOOLTAGTYPE_int32s",
                        "LIBRAW_EXIFTOOLTAGTYPE_rational64s", "LIBRAW_EXIFTOOLTAGTYPE_float",
                        "LIBRAW_EXIFTOOLTAGTYPE_double", "LIBRAW_EXIFTOOLTAGTYPE_ifd",
                        "LIBRAW_EXIFTOOLTAGTYPE_unicode", "LIBRAW_EXIFTOOLTAGTYPE_complex",
                        "LIBRAW_EXIFTOOLTAGTYPE_int64u", "LIBRAW_EXIFTOOLTAGTYPE_int64s",
                        "LIBRAW_EXIFTOOLTAGTYPE_ifd64").skip())
                .put(new Info("LIBRAW_DNG_ALL", "LIBRAW_DNG_DEFAULT", "LibRaw_processing_options").skip())
                // signed __int8 members the parser cannot map.
                .put(new Info("libraw_sony_info_t::AFMicroAdjValue", "libraw_sony_info_t::AFMicroAdjOn",
                        "fuji_compressed_params::q_table", "libraw_nikon_makernotes_t::q_table",
                        "libraw_nikon_makernotes_t::AFFineTuneAdj").skip())
                // time_t is a 64-bit integer on the supported (Linux x86-64) platform.
                .put(new Info("time_t").cast().valueTypes("long").pointerTypes("LongPointer"))
                // The project's own native packer (src/main/native/nightshift_pack.h): the mosaic from
                // native memory (LibRaw's raw_image) or a Java array, the output into a Java array,
                // both arrays reached in place through JNI critical regions, never copied.
                .put(new Info("NIGHTSHIFT_CLONES").cppTypes().annotations())
                .put(new Info("nightshift_sid_pack").javaText(
                        "\n/** SID packing in one pass; see nightshift_pack.h. The caller checks every bound. */\n"
                        + "@CriticalRegion public static native void nightshift_sid_pack("
                        + "@Cast(\"const unsigned short*\") ShortPointer raw, @Cast(\"long\") long first, "
                        + "@Cast(\"long\") long pitch, int rows, int cols, float blackR, float blackG1, "
                        + "float blackB, float blackG2, float scaleR, float scaleG1, float scaleB, float scaleG2, "
                        + "float[] out);\n"
                        + "@CriticalRegion public static native void nightshift_sid_pack("
                        + "@Cast(\"const unsigned short*\") short[] raw, @Cast(\"long\") long first, "
                        + "@Cast(\"long\") long pitch, int rows, int cols, float blackR, float blackG1, "
                        + "float blackB, float blackG2, float scaleR, float scaleG1, float scaleB, float scaleG2, "
                        + "float[] out);\n"))
                // TEST ONLY (src/main/native/nightshift_test_hooks.h): kills the process inside native code;
                // the worker calls it only under a test configuration flag, off by default.
                .put(new Info("nightshift_test_crash").javaText(
                        "\n/** TEST ONLY: kills the process inside native code (1: SIGSEGV, else abort()); "
                        + "see nightshift_test_hooks.h. Never returns. */\n"
                        + "public static native void nightshift_test_crash(int how);\n"))
                .put(new Info("libraw_static_table_t", "LibRaw_windows_datastream",
                        "LibRaw::get_internal_data_pointer").skip());
    }
}
