package io.nightshift.access;

/** How a service may meet the network it listens on, decided once at start-up. */
public enum Exposure {
    /** A key is set: every request but the health probes must carry it, whatever the host. */
    KEY_REQUIRED,
    /** No key, and only this machine can reach the host. */
    LOOPBACK_ONLY,
    /** No key on a host the network can reach, declared on purpose ({@code auth.open=true}). */
    DECLARED_OPEN,
    /** No key on a host the network can reach, and nothing says that is meant: the service must not start. */
    REFUSED;

    public static Exposure of(boolean keySet, boolean loopbackOnly, boolean openDeclared) {
        if (keySet) {
            return KEY_REQUIRED;
        }
        if (loopbackOnly) {
            return LOOPBACK_ONLY;
        }
        return openDeclared ? DECLARED_OPEN : REFUSED;
    }
}
