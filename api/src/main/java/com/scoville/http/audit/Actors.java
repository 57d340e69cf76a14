package com.scoville.http.audit;

import com.scoville.avro.Actor;
import com.scoville.http.security.Principal;
import com.scoville.http.security.Role;
import io.javalin.http.Context;

/** The actor of a request, as its audit entries name it: the verified principal and the request's id. */
public final class Actors {
    private Actors() { }

    /** The request's actor; null without a principal (a public route called without a token). */
    public static Actor of(Context ctx) {
        Principal principal = Principal.of(ctx);
        return principal == null ? null : of(principal, RequestIds.of(ctx));
    }

    public static Actor of(Principal principal, String requestId) {
        return Actor.newBuilder().setSubject(principal.subject()).setClient(principal.clientId())
                .setRoles(principal.roles().stream().map(Role::claim).sorted().toList()).setRequestId(requestId).build();
    }
}
