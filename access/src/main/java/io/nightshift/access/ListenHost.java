package io.nightshift.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * The host a service's HTTP server binds ({@code quarkus.http.host}), and whether only this machine can reach it.
 * A host is loopback-only when every address it stands for is a loopback address: {@code 127.0.0.1} (any of
 * 127/8), {@code ::1}, {@code localhost}. The wildcards {@code 0.0.0.0} and {@code ::} (every interface), a LAN
 * address, and a name that resolves to anything else, or to nothing, are not: when in doubt, the network can reach
 * the service.
 */
public record ListenHost(String host) {

    /** How a name becomes addresses; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public ListenHost {
        Objects.requireNonNull(host, "host");
    }

    /** Whether only this machine can reach a server bound to this host, resolving names through DNS and hosts. */
    public boolean loopbackOnly() {
        return loopbackOnly(InetAddress::getAllByName);
    }

    /** Whether only this machine can reach a server bound to this host, resolving names with {@code resolver}. */
    public boolean loopbackOnly(Resolver resolver) {
        String name = unbracketed(host.strip());
        if (name.isEmpty()) {
            return false; // Quarkus would bind the wildcard
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(name);
        } catch (UnknownHostException e) {
            return false;
        }
        if (addresses == null || addresses.length == 0) {
            return false;
        }
        for (InetAddress address : addresses) {
            if (!address.isLoopbackAddress()) {
                return false;
            }
        }
        return true;
    }

    /** {@code [::1]} as {@code ::1}: an IPv6 literal as written in a URL. */
    private static String unbracketed(String name) {
        return name.length() > 1 && name.startsWith("[") && name.endsWith("]")
                ? name.substring(1, name.length() - 1) : name;
    }

    @Override
    public String toString() {
        return host;
    }
}
