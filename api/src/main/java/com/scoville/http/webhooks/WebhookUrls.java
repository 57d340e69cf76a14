package com.scoville.http.webhooks;

import com.scoville.Violation;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs a webhook may call (they are chosen by callers, so each is a request this service makes for them):
 * absolute {@code https} URLs without user info or fragment, at most {@link #MAX_LENGTH} characters; plain
 * {@code http} only to a loopback host, and loopback hosts only when allowed (development). Addresses on private,
 * shared (carrier-grade NAT), link-local (cloud metadata), reserved, wildcard or multicast networks are refused, and
 * so are IPv6 addresses whose embedded IPv4 address would be, as literals here and again after name resolution
 * before each delivery ({@link #refusal(InetAddress, boolean)}).
 */
public final class WebhookUrls {
    public static final int MAX_LENGTH = 2048;

    private WebhookUrls() { }

    /** Why the URL is refused; empty when it is accepted. */
    public static Optional<Violation> check(String raw, boolean allowLoopback) {
        if (raw == null || raw.isBlank()) {
            return refuse("is required");
        }
        if (raw.length() > MAX_LENGTH) {
            return refuse("must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            return refuse("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || !(scheme.equals("https") || scheme.equals("http"))) {
            return refuse("must be an https URL (http only to a loopback host)");
        }
        if (uri.getRawUserInfo() != null) {
            return refuse("must not carry user info: authenticate with the signature");
        }
        if (uri.getRawFragment() != null) {
            return refuse("must not have a fragment");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return refuse("must name a host");
        }
        boolean loopback = isLoopbackName(host);
        if (scheme.equals("http") && !loopback) {
            return refuse("must be https (http only to a loopback host)");
        }
        if (loopback && !allowLoopback) {
            return refuse("must not be a loopback host");
        }
        Optional<InetAddress> literal = literalAddress(host);
        if (literal.isEmpty() && !hasNameLikeEnding(host)) {
            // "2130706433", "0x7f.1", "127.1" or "999.1.1.1": resolvers read some of these as addresses, in ways that differ
            return refuse("must name a host, or an IP address in its usual form");
        }
        if (literal.isPresent()) {
            Optional<String> refused = refusal(literal.get(), allowLoopback);
            if (refused.isPresent()) {
                return refuse(refused.get());
            }
        }
        return Optional.empty();
    }

    /** Why a delivery must not go to {@code address}, if it must not. */
    public static Optional<String> refusal(InetAddress address, boolean allowLoopback) {
        if (address.isLoopbackAddress()) {
            return allowLoopback ? Optional.empty() : Optional.of("must not be a loopback address");
        }
        if (address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress() || isUniqueLocalV6(address) || isSpecialV4(address.getAddress())) {
            return Optional.of("must not be a private, shared, link-local, reserved, wildcard or multicast address");
        }
        Optional<Inet4Address> embedded = embeddedV4(address.getAddress());
        if (embedded.isPresent()) {
            // the IPv6 forms that carry an IPv4 address reach it (mapped, NAT64, 6to4, compatible): it is checked as
            // itself, and never counts as loopback (no development receiver needs one)
            return refusal(embedded.get(), false).map(why -> why + " (" + embedded.get().getHostAddress() + " inside an IPv6 address)");
        }
        if (isLocalNat64(address.getAddress())) {
            return Optional.of("must not be a local-use NAT64 address (64:ff9b:1::/48)");
        }
        return Optional.empty();
    }

    /**
     * IPv4 networks that are not the public internet beyond what InetAddress names: this network ({@code 0/8}),
     * carrier-grade NAT ({@code 100.64/10}), IETF protocol assignments ({@code 192.0.0/24}), benchmarking
     * ({@code 198.18/15}) and the reserved {@code 240/4} (broadcast included).
     */
    private static boolean isSpecialV4(byte[] b) {
        if (b.length != 4) {
            return false;
        }
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        return a0 == 0
                || a0 == 100 && (a1 & 0xc0) == 64
                || a0 == 192 && a1 == 0 && a2 == 0
                || a0 == 198 && (a1 & 0xfe) == 18
                || a0 >= 240;
    }

    /**
     * The IPv4 address inside an IPv6 one: IPv4-mapped ({@code ::ffff:0:0/96}), NAT64 ({@code 64:ff9b::/96}),
     * 6to4 ({@code 2002::/16}, the next 32 bits) and IPv4-compatible ({@code ::a.b.c.d}, deprecated but routable
     * on some stacks).
     */
    static Optional<Inet4Address> embeddedV4(byte[] b) {
        if (b.length != 16) {
            return Optional.empty();
        }
        int from = -1;
        if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            from = 12;
        } else if (zero(b, 0, 12)) {
            from = 12; // :: and ::1 are wildcard and loopback, checked before this
        } else if (b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && zero(b, 4, 12)) {
            from = 12;
        } else if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            from = 2;
        }
        if (from < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, from, from + 4)));
        } catch (UnknownHostException e) {
            return Optional.empty(); // four bytes are always an address
        }
    }

    private static boolean isLocalNat64(byte[] b) {
        return b.length == 16 && b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && b[4] == 0 && b[5] == 1;
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** localhost and loopback literals, by name only (no lookup). */
    static boolean isLoopbackName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        return literalAddress(h).map(InetAddress::isLoopbackAddress).orElse(false);
    }

    /** The address an IP literal names, without any lookup; empty for a host name (or a malformed literal). */
    static Optional<InetAddress> literalAddress(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            if (h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
                byte[] b = new byte[4];
                String[] parts = h.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    b[i] = (byte) octet;
                }
                return Optional.of(InetAddress.getByAddress(b));
            }
            // URI has checked a bracketed IPv6 literal already, and getByName parses a literal without any lookup
            return h.contains(":") && h.matches("[0-9a-fA-F:.]+") ? Optional.of(InetAddress.getByName(h)) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** A host name's last label starts with a letter (every top-level domain does); numeric forms do not. */
    private static boolean hasNameLikeEnding(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String last = h.substring(h.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return !last.isEmpty() && Character.isLetter(last.charAt(0)) && !last.matches("0x[0-9a-f]*");
    }

    private static boolean isUniqueLocalV6(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 16 && (b[0] & 0xfe) == 0xfc;
    }

    private static Optional<Violation> refuse(String message) {
        return Optional.of(new Violation("url", message));
    }

    /** All violations of a URL (at most one), for a 422. */
    public static List<Violation> violations(String raw, boolean allowLoopback) {
        return check(raw, allowLoopback).map(List::of).orElse(List.of());
    }
}
