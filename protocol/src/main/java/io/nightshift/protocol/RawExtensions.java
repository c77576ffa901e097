package io.nightshift.protocol;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The file-name extensions that count as camera RAW files (any case) when nobody names others: the dispatcher's
 * default listing filter and the local-folder client's scan share this one list.
 */
public final class RawExtensions {
    /** Comma-separated, lower case, without dots: a compile-time constant, so configuration defaults can use it. */
    public static final String DEFAULT =
            "nef,nrw,cr2,cr3,crw,arw,srf,sr2,dng,raf,rw2,orf,pef,kdc,dcr,srw,3fr,iiq,erf,mef,mos,mrw,x3f,rwl";

    private static final Set<String> DEFAULT_SET = Set.of(DEFAULT.split(","));

    private RawExtensions() {
    }

    /** The default extensions, in the order of {@link #DEFAULT}. */
    public static List<String> defaults() {
        return List.of(DEFAULT.split(","));
    }

    /** Whether the file name ends in one of the default RAW extensions, in any case ({@code .NEF}, {@code .nef}). */
    public static boolean isRawName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && dot < fileName.length() - 1
                && DEFAULT_SET.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
