package com.scoville.http.analytics;

import com.scoville.Violation;
import com.scoville.analytics.AnalyticsWindow;
import com.scoville.analytics.CustomerSegment;
import com.scoville.analytics.HeatPreference;
import com.scoville.analytics.Dimension;
import com.scoville.avro.AlertKind;
import com.scoville.http.ApiException;
import graphql.ExecutionInput;
import graphql.GraphQL;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.NaturalEnumValuesProvider;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The analytics as GraphQL: the schema of {@code graphql/analytics.graphqls} wired to {@link AnalyticsService},
 * {@link FunnelService} and {@link SegmentService} (through {@link AnalyticsQueries}).
 * Questions are bounded: at most {@value #MAX_DEPTH} levels deep, at most {@value #MAX_FIELDS} fields, and
 * the time ranges the service allows; a question about the schema alone (introspection, as GraphiQL and code
 * generators ask it) at most {@value #MAX_INTROSPECTION_DEPTH} levels and {@value #MAX_INTROSPECTION_FIELDS}
 * fields (see {@link QueryLimits}). Every failure is a GraphQL error in the answer, never an exception.
 */
public final class AnalyticsGraphQl {
    public static final String SCHEMA_RESOURCE = "/graphql/analytics.graphqls";
    public static final int MAX_DEPTH = 8;
    public static final int MAX_FIELDS = 200;
    public static final int MAX_INTROSPECTION_DEPTH = 16;
    public static final int MAX_INTROSPECTION_FIELDS = 300;
    private static final int MAX_TOP_PRODUCTS = 100;

    private final AnalyticsQueries analytics;
    private final GraphQL graphQl;

    /** The sales questions on {@code analytics}; the funnel shares its ranges, the segments and alerts are not wired (tests). */
    public AnalyticsGraphQl(AnalyticsService analytics) {
        this(analytics, new FunnelService(null, analytics), null, null);
    }

    public AnalyticsGraphQl(AnalyticsService analytics, FunnelService funnel, SegmentService segments, AlertService alerts) {
        this(AnalyticsQueries.of(analytics, funnel, segments, alerts));
    }

    public AnalyticsGraphQl(AnalyticsQueries analytics) {
        this.analytics = analytics;
        TypeDefinitionRegistry types = new SchemaParser().parse(readSchema());
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(types, wiring());
        this.graphQl = GraphQL.newGraphQL(schema)
                .defaultDataFetcherExceptionHandler(new GraphQlErrors())
                .instrumentation(QueryLimits.of(MAX_DEPTH, MAX_FIELDS, MAX_INTROSPECTION_DEPTH, MAX_INTROSPECTION_FIELDS))
                .build();
    }

    /** Runs one request and answers its spec-shaped result: {@code data}, and {@code errors} when there are any. */
    public Map<String, Object> execute(String query, Map<String, Object> variables, String operationName) {
        ExecutionInput input = ExecutionInput.newExecutionInput()
                .query(query)
                .variables(variables == null ? Map.of() : variables)
                .operationName(operationName)
                .build();
        return graphQl.execute(input).toSpecification();
    }

    private RuntimeWiring wiring() {
        return RuntimeWiring.newRuntimeWiring()
                .scalar(GraphQlScalars.DATE_TIME)
                .scalar(GraphQlScalars.LONG)
                .type("Window", t -> t.enumValues(new NaturalEnumValuesProvider<>(AnalyticsWindow.class)))
                .type("GroupBy", t -> t.enumValues(new NaturalEnumValuesProvider<>(Dimension.class)))
                .type("AlertKind", t -> t.enumValues(new NaturalEnumValuesProvider<>(AlertKind.class)))
                .type("Query", t -> t
                        .dataFetcher("sales", env -> analytics.sales(window(env), instant(env, "from"), instant(env, "to"), env.getArgument("groupBy")))
                        .dataFetcher("topProducts", env -> analytics.topProducts(window(env), instant(env, "at"), limit(env)))
                        .dataFetcher("customers", env -> analytics.customers(window(env), instant(env, "from"), instant(env, "to")))
                        .dataFetcher("ratings", env -> analytics.ratings(window(env), instant(env, "from"), instant(env, "to"), ratingGroup(env)))
                        .dataFetcher("analyticsLagMillis", env -> analytics.lag().map(Duration::toMillis).orElse(null))
                        .dataFetcher("alerts", env -> analytics.alerts(instant(env, "from"), instant(env, "to"), env.getArgument("open")))
                        .dataFetcher("funnel", env -> analytics.funnel(window(env), instant(env, "from"), instant(env, "to"), env.getArgument("groupBy")))
                        .dataFetcher("segments", env -> analytics.segments(window(env)))
                        .dataFetcher("customer", env -> analytics.customer(env.getArgument("id")).orElse(null)))
                .type("Segment", t -> t.enumValues(new NaturalEnumValuesProvider<>(CustomerSegment.class)))
                .type("HeatPreference", t -> t.enumValues(new NaturalEnumValuesProvider<>(HeatPreference.class)))
                .build();
    }

    private static AnalyticsWindow window(DataFetchingEnvironment env) {
        return env.getArgument("window");
    }

    private static Instant instant(DataFetchingEnvironment env, String name) {
        return env.getArgument(name);
    }

    private static int limit(DataFetchingEnvironment env) {
        Integer limit = env.getArgument("limit");
        if (limit == null || limit < 1 || limit > MAX_TOP_PRODUCTS) {
            throw ApiException.badRequest("limit must be from 1 to " + MAX_TOP_PRODUCTS,
                    List.of(new Violation("limit", "must be from 1 to " + MAX_TOP_PRODUCTS)));
        }
        return limit;
    }

    private static Dimension ratingGroup(DataFetchingEnvironment env) {
        Dimension groupBy = env.getArgument("groupBy");
        if (groupBy == Dimension.CHANNEL) {
            throw ApiException.badRequest("Ratings are kept per PRODUCT and HEAT_LEVEL: a rating names no channel",
                    List.of(new Violation("groupBy", "must be PRODUCT or HEAT_LEVEL for ratings")));
        }
        return groupBy;
    }

    private static String readSchema() {
        try (InputStream in = AnalyticsGraphQl.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The classpath holds no " + SCHEMA_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
