package com.scoville.http.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.scoville.CardNumbers;
import com.scoville.Violation;
import com.scoville.http.ApiException;
import com.scoville.http.CardData;
import com.scoville.http.HttpRequests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * GraphQL over HTTP for the analytics: {@code GET /v1/analytics/sales?query=…&variables=…&operationName=…} and
 * {@code POST /v1/analytics/sales} with {@code {query, variables, operationName}}. A request that is not a
 * GraphQL request answers 400 (problem+json); everything GraphQL decides, errors included, answers 200 with
 * the standard {@code {data, errors}} body.
 */
public final class AnalyticsGraphQlRoutes {
    public static final String PATH = "/v1/analytics/sales";
    private static final TypeReference<Map<String, Object>> VARIABLES = new TypeReference<>() { };

    private final AnalyticsGraphQl graphQl;
    private final ObjectMapper json;

    /** The body of POST /v1/analytics/sales. */
    public record GraphQlRequest(String query, Map<String, Object> variables, String operationName) { }

    public AnalyticsGraphQlRoutes(AnalyticsGraphQl graphQl, ObjectMapper json) {
        this.graphQl = graphQl;
        // A GraphQL answer keeps its fields in the order the query asked for them.
        this.json = json.copy().disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    public void register(RoutesConfig routes) {
        routes.get(PATH, this::get);
        routes.post(PATH, this::post);
    }

    private void get(Context ctx) {
        String variables = ctx.queryParam("variables");
        CardData.refuseText(ctx.queryParam("query"), "query");
        CardData.refuseText(ctx.queryParam("operationName"), "operationName");
        answer(ctx, new GraphQlRequest(ctx.queryParam("query"),
                variables == null || variables.isBlank() ? null : variables(variables), ctx.queryParam("operationName")));
    }

    private void post(Context ctx) {
        String body = HttpRequests.bodyText(ctx);
        if (body.isBlank()) {
            throw notGraphQl("A JSON body {query, variables, operationName} is required");
        }
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JsonProcessingException e) {
            if (CardNumbers.containsCardNumber(body)) {
                throw CardData.refused("body"); // the parser's message could quote it
            }
            throw notGraphQl("The body is not a GraphQL request {query, variables, operationName}: " + e.getOriginalMessage());
        }
        // before graphql-java sees them: its errors quote the values of variables
        CardData.refuseIn(tree, "");
        try {
            answer(ctx, json.treeToValue(tree, GraphQlRequest.class));
        } catch (JsonProcessingException e) {
            throw notGraphQl("The body is not a GraphQL request {query, variables, operationName}: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw notGraphQl("The body is not a GraphQL request {query, variables, operationName}: " + e.getMessage());
        }
    }

    private void answer(Context ctx, GraphQlRequest request) {
        if (request == null || request.query() == null || request.query().isBlank()) {
            throw ApiException.badRequest("A GraphQL request needs a query", List.of(new Violation("query", "is required")));
        }
        if (hasUnpairedSurrogate(request.query())) {
            // not text at all, and graphql-java's lexer fails on thousands of them (ArrayIndexOutOfBoundsException)
            throw ApiException.badRequest("The query is not Unicode text: it holds an unpaired surrogate",
                    List.of(new Violation("query", "holds an unpaired surrogate such as \\uD800")));
        }
        Map<String, Object> result = graphQl.execute(request.query(), request.variables(), request.operationName());
        try {
            ctx.status(200).contentType("application/json; charset=utf-8").result(json.writeValueAsString(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A GraphQL result could not be written as JSON", e);
        }
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private Map<String, Object> variables(String raw) {
        try {
            JsonNode tree = json.readTree(raw);
            CardData.refuseIn(tree, "variables");
            Map<String, Object> variables = json.readerFor(VARIABLES).readValue(tree);
            if (variables == null) {
                throw notGraphQl("variables must be a JSON object");
            }
            return variables;
        } catch (IOException e) {
            if (CardNumbers.containsCardNumber(raw)) {
                throw CardData.refused("variables"); // the parser's message could quote it
            }
            String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw ApiException.badRequest("variables must be a JSON object: " + message,
                    List.of(new Violation("variables", "must be a JSON object")));
        }
    }

    private static ApiException notGraphQl(String detail) {
        return ApiException.badRequest(detail);
    }
}
