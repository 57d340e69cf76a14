package com.scoville.http.analytics;

import com.scoville.http.ApiException;
import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Turns what a data fetcher throws into a GraphQL error the client can act on: an {@link ApiException}
 * keeps its message, and its kind, HTTP status, field errors and Retry-After go into {@code extensions};
 * anything else is logged and answered with a generic message, never a stack trace.
 */
final class GraphQlErrors implements DataFetcherExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(GraphQlErrors.class);

    @Override
    public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(DataFetcherExceptionHandlerParameters params) {
        Throwable e = params.getException();
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        GraphqlErrorBuilder<?> error = GraphqlErrorBuilder.newError()
                .path(params.getPath())
                .location(params.getSourceLocation());
        if (e instanceof ApiException api) {
            Map<String, Object> extensions = new LinkedHashMap<>();
            extensions.put("status", statusOf(api.kind()));
            if (!api.errors().isEmpty()) {
                extensions.put("errors", api.errors());
            }
            if (api.retryAfter() != null) {
                extensions.put("retryAfterSeconds", Math.max(1, api.retryAfter().toSeconds()));
            }
            error.message("%s", api.getMessage()).errorType(ErrorClassification.errorClassification(api.kind().name())).extensions(extensions);
        } else {
            log.error("Unexpected error fetching {}", params.getPath(), e);
            error.message("Something went wrong on our side fetching %s; the request may be retried.", params.getPath())
                    .errorType(ErrorClassification.errorClassification("INTERNAL_ERROR"));
        }
        GraphQLError built = error.build();
        return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(built).build());
    }

    private static int statusOf(ApiException.Kind kind) {
        return switch (kind) {
            case BAD_REQUEST -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT, IN_PROGRESS -> 409;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case UNPROCESSABLE -> 422;
            case TOO_MANY_REQUESTS -> 429;
            case UNAVAILABLE -> 503;
        };
    }
}
