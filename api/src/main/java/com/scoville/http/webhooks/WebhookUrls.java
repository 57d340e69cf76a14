package com.scoville.http.webhooks;

import com.scoville.Violation;

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
 * link-local (cloud metadata), wildcard or multicast networks are refused, as literals here and again after name
 * resolution before each delivery ({@link #refusal(InetAddress, boolean)}).
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
                || address.isMulticastAddress() || isUniqueLocalV6(address)) {
            return Optional.of("must not be a private, link-local, wildcard or multicast address");
        }
        return Optional.empty();
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
