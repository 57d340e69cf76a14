package com.scoville.http.analytics;

import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.introspection.IntrospectionResultToSchema;
import graphql.language.Document;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.idl.ScalarInfo;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.SchemaPrinter;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GraphQL tools can load the schema (issue 16, item 6): graphql-js' own introspection query answers, a client
 * schema built from the answer by graphql-java (as a code generator or GraphiQL builds one) holds the contract and
 * accepts the questions the dashboard and the contract ask, while the depth and field limits still refuse a data
 * question too big, and refuse an introspection that only dresses up as one.
 */
class AnalyticsIntrospectionTest {
    private static final String JS_INTROSPECTION = "/graphql/graphql-js-introspection.graphql";
    private static final String JS_INTROSPECTION_ALL_OPTIONS = "/graphql/graphql-js-introspection-all-options.graphql";
    /** A GraphQL document in a JavaScript template literal: {@code `query …`} or {@code `{ … }`}. */
    private static final Pattern TEMPLATE_QUERY = Pattern.compile("`(\\s*(?:query|fragment|\\{)[^`]*)`");

    private final List<String> asked = new ArrayList<>();
    private final AnalyticsGraphQl graphQl = new AnalyticsGraphQl(recordingAnalytics(asked));

    @ParameterizedTest
    @ValueSource(strings = {JS_INTROSPECTION, JS_INTROSPECTION_ALL_OPTIONS})
    void shouldAnswerGraphQlJsIntrospectionQueryAsToolsSendIt(String resource) {
        // given the text of graphql-js' getIntrospectionQuery(), with its default options and with all of them on
        String query = text(resource);

        // when a tool sends it
        Map<String, Object> answer = graphQl.execute(query, null, "IntrospectionQuery");

        // then it answers the schema, and asks the analytics nothing
        assertThat(answer).doesNotContainKey("errors");
        assertThat(at(answer, "data", "__schema", "queryType", "name")).isEqualTo("Query");
        assertThat(asked).isEmpty();
    }

    @Test
    void shouldBuildAClientSchemaFromTheIntrospectionAnswerThatHoldsTheContract() {
        // given the schema a client builds from the introspection answer
        GraphQLSchema client = clientSchema();

        // then it holds every type, field, argument and enum value of the contract's schema, with the same types
        TypeDefinitionRegistry contract = new SchemaParser().parse(text("/graphql/contract-schema.graphqls"));
        List<String> missing = new ArrayList<>();
        contract.scalars().keySet().stream().filter(s -> !ScalarInfo.isGraphqlSpecifiedScalar(s) && client.getType(s) == null).forEach(s -> missing.add("scalar " + s));
        for (EnumTypeDefinition e : contract.getTypes(EnumTypeDefinition.class)) {
            GraphQLEnumType have = (GraphQLEnumType) client.getType(e.getName());
            for (EnumValueDefinition value : e.getEnumValueDefinitions()) {
                if (have == null || have.getValue(value.getName()) == null) {
                    missing.add("enum " + e.getName() + "." + value.getName());
                }
            }
        }
        for (ObjectTypeDefinition type : contract.getTypes(ObjectTypeDefinition.class)) {
            GraphQLObjectType have = client.getObjectType(type.getName());
            for (FieldDefinition field : type.getFieldDefinitions()) {
                GraphQLFieldDefinition haveField = have == null ? null : have.getFieldDefinition(field.getName());
                if (haveField == null || !GraphQLTypeUtil.simplePrint(haveField.getType()).equals(print(field.getType()))) {
                    missing.add(type.getName() + "." + field.getName() + ": " + print(field.getType()));
                    continue;
                }
                for (InputValueDefinition argument : field.getInputValueDefinitions()) {
                    GraphQLArgument haveArgument = haveField.getArgument(argument.getName());
                    if (haveArgument == null || !GraphQLTypeUtil.simplePrint(haveArgument.getType()).equals(print(argument.getType()))) {
                        missing.add(type.getName() + "." + field.getName() + "(" + argument.getName() + ": " + print(argument.getType()) + ")");
                    }
                }
            }
        }
        assertThat(missing).as("the contract's schema, as the client schema lacks it").isEmpty();
        assertThat(contract.scalars()).containsKeys("DateTime", "Long");
        // and it prints as SDL, as a code generator would write it down
        assertThat(new SchemaPrinter().print(client)).contains("type SalesBucket", "topProducts(");
    }

    @Test
    void shouldValidateTheDashboardsAndTheContractsQueriesAgainstTheClientSchema() {
        // given the client schema, and the questions the dashboard (its script, as served) and the contract ask
        GraphQLSchema client = clientSchema();
        List<String> dashboard = templateQueries(text("/dashboard/dashboard.js"));
        assertThat(dashboard).as("the dashboard's GraphQL queries").isNotEmpty();
        List<String> queries = new ArrayList<>(dashboard);
        queries.add(text("/graphql/contract-queries.graphql"));

        // when each is validated as a client would before sending it
        List<String> errors = queries.stream()
                .map(q -> ParseAndValidate.parseAndValidate(client, ExecutionInput.newExecutionInput(q).build()))
                .filter(ParseAndValidateResult::isFailure)
                .map(r -> r.getErrors().toString())
                .toList();

        // then every one is valid
        assertThat(errors).isEmpty();
        // and a question the schema does not hold is not (the check can fail)
        assertThat(ParseAndValidate.parseAndValidate(client, ExecutionInput.newExecutionInput("{ sales(window: WEEK) { profit } }").build())
                .getErrors()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldStillRefuseADataQueryTooDeepOrTooCostly() {
        // given a data question that reaches depth 9 through __schema beside it, and one of 30 x 7 fields
        String deep = "{ sales(window: DAY) { key } __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }";
        String costly = IntStream.range(0, 30)
                .mapToObj(i -> "s" + i + ": sales(window: DAY) { windowStart windowEnd key revenueCents units orders averageOrderCents }")
                .collect(Collectors.joining(" ", "{ ", " }"));

        // when they are asked
        Map<String, Object> tooDeep = graphQl.execute(deep, null, null);
        Map<String, Object> tooCostly = graphQl.execute(costly, null, null);

        // then both are refused before any data is read
        assertThat(firstError(tooDeep)).isEqualTo("maximum query depth exceeded 9 > " + AnalyticsGraphQl.MAX_DEPTH);
        assertThat(firstError(tooCostly)).isEqualTo("maximum query complexity exceeded 240 > " + AnalyticsGraphQl.MAX_FIELDS);
        assertThat(tooDeep.get("data")).isNull();
        assertThat(tooCostly.get("data")).isNull();
        assertThat(asked).isEmpty();
    }

    @Test
    void shouldHoldTheIntrospectionQueryToTheDataLimitsWhenADataFieldIsSmuggledBesideIt() {
        // given the standard introspection with a data field beside __schema: at the root, in an inline fragment,
        // in a fragment spread at the root, and in a fragment spread inside another one
        String standard = text(JS_INTROSPECTION);
        List<String> smuggled = List.of(
                standard.replace("__schema {", "top: topProducts(window: DAY) { sku } __schema {"),
                standard.replace("__schema {", "... on Query { lag: analyticsLagMillis } __schema {"),
                standard.replace("__schema {", "...Data __schema {") + " fragment Data on Query { analyticsLagMillis }",
                standard.replace("__schema {", "...Outer __schema {")
                        + " fragment Outer on Query { __typename ...Inner } fragment Inner on Query { analyticsLagMillis }");

        for (String query : smuggled) {
            // when it is asked
            Map<String, Object> answer = graphQl.execute(query, null, "IntrospectionQuery");

            // then the data limits refuse it
            assertThat(firstError(answer)).as(query).isEqualTo("maximum query depth exceeded 13 > " + AnalyticsGraphQl.MAX_DEPTH);
            assertThat(answer.get("data")).isNull();
        }
        assertThat(asked).isEmpty();
    }

    @Test
    void shouldRefuseAnIntrospectionTooDeepTooWideOrRepeated() {
        // given introspections that abuse the larger bounds: an ofType nesting past ours, an absurd one, hundreds
        // of aliases, __schema twice, and a loop through __Type.fields
        String deeper = "{ __type(name: \"SalesBucket\") { " + "ofType { ".repeat(16) + "name" + " }".repeat(16) + " } }";
        String deep = "{ __type(name: \"SalesBucket\") { " + "ofType { ".repeat(100) + "name" + " }".repeat(100) + " } }";
        String wide = IntStream.range(0, 400).mapToObj(i -> "n" + i + ": name")
                .collect(Collectors.joining(" ", "{ __schema { types { ", " } } }"));
        String twice = "{ a: __schema { types { name } } b: __schema { types { name } } }";
        String loop = "{ __type(name: \"Query\") { fields { type { ofType { fields { type { ofType { fields { name } } } } } } } } }";

        // when they are asked, then each is refused
        assertThat(firstError(graphQl.execute(deeper, null, null)))
                .isEqualTo("maximum introspection query depth exceeded 18 > " + AnalyticsGraphQl.MAX_INTROSPECTION_DEPTH);
        // (graphql-java's own good-faith check refuses this one first, while validating it)
        assertThat(firstError(graphQl.execute(deep, null, null))).contains("depth");
        assertThat(firstError(graphQl.execute(wide, null, null))).startsWith("maximum introspection query complexity exceeded");
        assertThat(firstError(graphQl.execute(twice, null, null))).contains("__schema");
        assertThat(firstError(graphQl.execute(loop, null, null))).contains("__Type.fields");
        // while a small one that is not the standard query answers
        assertThat(at(graphQl.execute("{ __type(name: \"Window\") { enumValues { name } } }", null, null), "data", "__type", "enumValues"))
                .asList().hasSize(3);
    }

    // ---------- helpers ----------

    private GraphQLSchema clientSchema() {
        Map<String, Object> answer = graphQl.execute(text(JS_INTROSPECTION), null, null);
        assertThat(answer).doesNotContainKey("errors");
        @SuppressWarnings("unchecked")
        Document sdl = new IntrospectionResultToSchema().createSchemaDefinition((Map<String, Object>) answer.get("data"));
        return UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().buildRegistry(sdl));
    }

    private static List<String> templateQueries(String script) {
        List<String> queries = new ArrayList<>();
        Matcher m = TEMPLATE_QUERY.matcher(script);
        while (m.find()) {
            queries.add(m.group(1));
        }
        return queries;
    }

    /** The SDL spelling of a type reference, e.g. {@code [SalesBucket!]!}, as {@link GraphQLTypeUtil#simplePrint} writes it. */
    private static String print(Type<?> type) {
        if (type instanceof NonNullType nonNull) {
            return print(nonNull.getType()) + "!";
        }
        if (type instanceof ListType list) {
            return "[" + print(list.getType()) + "]";
        }
        return ((TypeName) type).getName();
    }

    @SuppressWarnings("unchecked")
    private static String firstError(Map<String, Object> answer) {
        List<Map<String, Object>> errors = (List<Map<String, Object>>) answer.get("errors");
        assertThat(errors).as("errors of %s", answer).isNotEmpty();
        return (String) errors.get(0).get("message");
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> map, String... path) {
        Object node = map;
        for (String key : path) {
            node = node == null ? null : ((Map<String, Object>) node).get(key);
        }
        return node;
    }

    private static String text(String resource) {
        try (InputStream in = AnalyticsIntrospectionTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Analytics that answer nothing and note every question (a proxy, so new questions need no change here). */
    private static AnalyticsQueries recordingAnalytics(List<String> asked) {
        return (AnalyticsQueries) Proxy.newProxyInstance(AnalyticsQueries.class.getClassLoader(), new Class<?>[] {AnalyticsQueries.class},
                (proxy, method, args) -> {
                    asked.add(method.getName());
                    Class<?> answers = method.getReturnType();
                    return List.class.isAssignableFrom(answers) ? List.of() : Optional.class.equals(answers) ? Optional.empty() : null;
                });
    }
}
