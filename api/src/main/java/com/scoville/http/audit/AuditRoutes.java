package com.scoville.http.audit;

import com.scoville.Bounds;
import com.scoville.http.HttpRequests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** HTTP for the audit log (admins only, see RouteAccess): parse the filters, read a page, answer it. */
public final class AuditRoutes {
    /** An action name, e.g. registry.schema.register. */
    private static final int MAX_ACTION_PARAM = 64;
    /** A target: an id, a SKU, a subject or a route. */
    private static final int MAX_TARGET_PARAM = 256;

    private final AuditQueries queries;

    public AuditRoutes(AuditQueries queries) {
        this.queries = queries;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/audit", this::list);
    }

    private void list(Context ctx) {
        AuditQueries.Filter filter = new AuditQueries.Filter(HttpRequests.textParam(ctx, "actor", Bounds.MAX_ID_LENGTH),
                HttpRequests.textParam(ctx, "action", MAX_ACTION_PARAM), HttpRequests.textParam(ctx, "target", MAX_TARGET_PARAM),
                HttpRequests.instantParam(ctx, "from"), HttpRequests.instantParam(ctx, "to"),
                HttpRequests.intParam(ctx, "limit", 50, 1, 200), HttpRequests.textParam(ctx, "cursor", HttpRequests.MAX_CURSOR_LENGTH));
        ctx.json(queries.page(filter));
    }
}
