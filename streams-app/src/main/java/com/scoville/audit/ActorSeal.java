package com.scoville.audit;

import com.scoville.Bounds;
import com.scoville.CardNumbers;
import com.scoville.avro.Actor;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The actor on an order is what the audit log says of who placed it, and a partner may write 'orders' too: only the
 * HTTP layer, which verified the caller's token, may name one. It seals the actor in a record header, an HMAC-SHA256
 * over the order id and the actor's fields keyed by the instances' shared secret (PEER_SECRET); where an order enters
 * the topology, an actor without a valid seal is dropped (a partner's order has no actor). A kept actor is bounded
 * like anything else from outside.
 */
public final class ActorSeal {
    public static final String HEADER = "scoville-actor-seal";
    /** The role names an actor may carry (the HTTP layer's roles). */
    public static final Set<String> ROLES = Set.of("customer", "channel", "admin", "analyst");
    public static final int MAX_ROLES = 4;
    public static final int MAX_REQUEST_ID_LENGTH = 64;
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_REQUEST_ID_LENGTH + "}");
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    /** A Mac is not thread-safe; HTTP threads and stream threads each keep one. */
    private final ThreadLocal<Mac> macs;

    private ActorSeal(byte[] keyBytes) {
        this.key = new SecretKeySpec(keyBytes, ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** Keyed by a secret the instances share; the key is the secret's own digest for this use, not the secret. */
    public static ActorSeal of(String secret) {
        try {
            return new ActorSeal(MessageDigest.getInstance("SHA-256")
                    .digest(("scoville actor seal\n" + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Keyed by random bytes no one else has: every actor it is shown is dropped, except those it sealed itself. */
    public static ActorSeal unshared() {
        byte[] keyBytes = new byte[32];
        new SecureRandom().nextBytes(keyBytes);
        return new ActorSeal(keyBytes);
    }

    /** The seal of {@code actor} on the order {@code orderId}: base64 of the HMAC. */
    public String seal(String orderId, Actor actor) {
        return Base64.getEncoder().encodeToString(mac(orderId, actor));
    }

    /** The header that carries the seal, or none for no actor. */
    public List<Header> headers(String orderId, Actor actor) {
        return actor == null ? List.of()
                : List.of(new RecordHeader(HEADER, seal(orderId, actor).getBytes(StandardCharsets.US_ASCII)));
    }

    /** The order's actor if the headers carry its valid seal, bounded; else null. */
    public Actor verified(String orderId, Actor actor, Headers headers) {
        if (actor == null || orderId == null) {
            return null;
        }
        Header header = headers.lastHeader(HEADER);
        if (header == null || header.value() == null) {
            return null;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.value());
        } catch (IllegalArgumentException e) {
            return null;
        }
        return MessageDigest.isEqual(mac(orderId, actor), given) ? bounded(actor) : null;
    }

    /**
     * The actor within the bounds of what comes from outside: subject and client at most {@link Bounds#MAX_ID_LENGTH}
     * (a card number in them is replaced), only known role names and at most {@link #MAX_ROLES}, a request id of at most
     * {@link #MAX_REQUEST_ID_LENGTH} of {@code [A-Za-z0-9._:-]} or none.
     */
    public static Actor bounded(Actor actor) {
        if (actor == null) {
            return null;
        }
        String requestId = actor.getRequestId() != null && REQUEST_ID.matcher(actor.getRequestId()).matches()
                && !CardNumbers.containsCardNumber(actor.getRequestId()) ? actor.getRequestId() : null;
        List<String> roles = actor.getRoles() == null ? List.of() : actor.getRoles().stream().map(String::valueOf)
                .filter(ROLES::contains).distinct().limit(MAX_ROLES).toList();
        return Actor.newBuilder().setSubject(boundedId(actor.getSubject())).setClient(boundedId(actor.getClient()))
                .setRoles(roles).setRequestId(requestId).build();
    }

    private static String boundedId(CharSequence id) {
        if (id == null) {
            return null;
        }
        String text = id.toString();
        if (CardNumbers.containsCardNumber(text)) {
            return CardNumbers.REDACTED;
        }
        return text.length() > Bounds.MAX_ID_LENGTH ? text.substring(0, Bounds.MAX_ID_LENGTH) : text;
    }

    private byte[] mac(String orderId, Actor actor) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            // each field length-prefixed (-1 for none): no two different actors read as the same bytes
            field(out, orderId);
            field(out, actor.getSubject());
            field(out, actor.getClient());
            List<? extends CharSequence> roles = actor.getRoles() == null ? List.of() : actor.getRoles();
            out.writeInt(roles.size());
            for (CharSequence role : roles) {
                field(out, role);
            }
            field(out, actor.getRequestId());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return macs.get().doFinal(bytes.toByteArray());
    }

    private static void field(DataOutputStream out, CharSequence value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.toString().getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is missing from this JVM", e);
        }
    }
}
