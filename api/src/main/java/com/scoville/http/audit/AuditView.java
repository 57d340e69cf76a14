package com.scoville.http.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.scoville.avro.AuditEntry;

import java.time.Instant;
import java.util.List;

/** One audit entry as GET /v1/audit answers it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditView(String id, Instant at, ActorView actor, String action, String target, String outcome, Integer status,
                        String detail, List<ChangeView> changes, int count) {

    /** Who: null for a partner's record or the topology's own change. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ActorView(String subject, String client, List<String> roles, String requestId) { }

    /** A value before and after the change (null: there was none). */
    public record ChangeView(String field, String before, String after) { }

    static AuditView of(AuditEntry e) {
        ActorView actor = e.getActor() == null ? null : new ActorView(e.getActor().getSubject(), e.getActor().getClient(),
                List.copyOf(e.getActor().getRoles()), e.getActor().getRequestId());
        return new AuditView(e.getId(), e.getAt(), actor, e.getAction(), e.getTarget(), e.getOutcome().name(), e.getStatus(),
                e.getDetail(), e.getChanges().stream().map(c -> new ChangeView(c.getField(), c.getBefore(), c.getAfter())).toList(),
                e.getCount());
    }
}
