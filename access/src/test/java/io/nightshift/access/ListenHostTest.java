package io.nightshift.access;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListenHostTest {
    /** Names as a DNS server would answer them: no real DNS in tests. */
    private static final Map<String, String[]> NAMES = Map.of(
            "nas.lan", new String[] {"192.168.1.20"},
            "box.internal", new String[] {"127.0.0.1", "10.0.0.7"},
            "loop.internal", new String[] {"127.0.1.1", "::1"});
    private static final ListenHost.Resolver FAKE_DNS = host -> {
        if (isLiteral(host)) {
            return InetAddress.getAllByName(host);
        }
        String[] addresses = NAMES.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] resolved = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            resolved[i] = InetAddress.getByName(addresses[i]);
        }
        return resolved;
    };

    @Test
    void loopbackAddressesAndLocalhostKeepTheServiceOnThisMachine() {
        for (String host : new String[] {"127.0.0.1", "127.0.0.2", "::1", "[::1]", "0:0:0:0:0:0:0:1", " 127.0.0.1 "}) {
            assertTrue(new ListenHost(host).loopbackOnly(FAKE_DNS), host);
        }
        // the real resolver: localhost is loopback on every machine (hosts file)
        assertTrue(new ListenHost("localhost").loopbackOnly(), "localhost");
        assertTrue(new ListenHost("loop.internal").loopbackOnly(FAKE_DNS), "a name with only loopback addresses");
    }

    @Test
    void wildcardsLanAddressesAndNamesThatReachTheNetworkAreNotLoopback() {
        for (String host : new String[] {"0.0.0.0", "::", "[::]", "192.168.1.20", "10.0.0.7", "fe80::1"}) {
            assertFalse(new ListenHost(host).loopbackOnly(FAKE_DNS), host);
        }
        assertFalse(new ListenHost("nas.lan").loopbackOnly(FAKE_DNS), "a name resolving to a LAN address");
        assertFalse(new ListenHost("box.internal").loopbackOnly(FAKE_DNS), "one network address among loopback ones");
    }

    @Test
    void aNameThatDoesNotResolveOrNoHostAtAllCountsAsReachable() {
        assertFalse(new ListenHost("unknown.invalid").loopbackOnly(FAKE_DNS));
        assertFalse(new ListenHost("").loopbackOnly(FAKE_DNS));
        assertFalse(new ListenHost("nas.lan").loopbackOnly(host -> new InetAddress[0]));
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }
}
