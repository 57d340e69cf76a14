package com.scoville.service.it.fuzz;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The operations an OpenAPI 3.1 document describes, with every {@code $ref} resolved against it. */
public final class OpenApi {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    private final JsonNode document;

    public OpenApi(JsonNode document) {
        this.document = document;
    }

    /** One method on one path template: its parameters (the path's and its own) and its request body schema, if any. */
    public record Operation(String method, String template, List<Parameter> parameters, JsonNode bodySchema) {
        public List<Parameter> in(String where) {
            return parameters.stream().filter(p -> p.in().equals(where)).toList();
        }

        public String name() {
            return method + " " + template;
        }
    }

    public record Parameter(String name, String in, boolean required, JsonNode schema) { }

    public List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                List<Parameter> parameters = new ArrayList<>();
                for (JsonNode list : List.of(path.getValue().path("parameters"), op.getValue().path("parameters"))) {
                    list.forEach(p -> {
                        JsonNode param = resolve(p);
                        parameters.add(new Parameter(param.path("name").asText(), param.path("in").asText(),
                                param.path("required").asBoolean(false), resolve(param.path("schema"))));
                    });
                }
                JsonNode body = resolve(op.getValue().path("requestBody")).path("content").path("application/json").path("schema");
                operations.add(new Operation(op.getKey().toUpperCase(), path.getKey(), List.copyOf(parameters),
                        body.isMissingNode() ? null : resolve(body)));
            }
        }
        return List.copyOf(operations);
    }

    /** The node a {@code $ref} points at (followed until it is no reference), or the node itself. */
    public JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref") && hops < 16; hops++) {
            current = document.at(current.path("$ref").asText().substring(1));
        }
        return current;
    }
}
