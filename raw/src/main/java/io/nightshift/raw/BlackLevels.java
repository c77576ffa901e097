package io.nightshift.raw;

/** Per-channel black levels (LibRaw's {@code black} plus {@code cblack}), in SID channel order. */
public record BlackLevels(int r, int g1, int b, int g2) {

    public static BlackLevels uniform(int black) {
        return new BlackLevels(black, black, black, black);
    }

    public int of(Channel channel) {
        return switch (channel) {
            case R -> r;
            case G1 -> g1;
            case B -> b;
            case G2 -> g2;
        };
    }

    /** {@code [R, G1, B, G2]}. */
    public int[] toArray() {
        return new int[] {r, g1, b, g2};
    }

    public int max() {
        return Math.max(Math.max(r, g1), Math.max(b, g2));
    }
}
