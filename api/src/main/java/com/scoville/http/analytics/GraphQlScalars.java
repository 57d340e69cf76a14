package com.scoville.http.analytics;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;

import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The schema's own scalars: {@code DateTime} (ISO-8601 UTC string ↔ {@link Instant}) and {@code Long} (64-bit integer). */
final class GraphQlScalars {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    static final GraphQLScalarType DATE_TIME = GraphQLScalarType.newScalar()
            .name("DateTime").description("An ISO-8601 UTC time, e.g. 2026-11-25T12:00:00Z.")
            .coercing(new DateTimeCoercing()).build();

    static final GraphQLScalarType LONG = GraphQLScalarType.newScalar()
            .name("Long").description("A 64-bit integer.")
            .coercing(new LongCoercing()).build();

    private GraphQlScalars() { }

    static final class DateTimeCoercing implements Coercing<Instant, String> {
        @Override
        public String serialize(Object value, GraphQLContext context, Locale locale) {
            if (value instanceof Instant instant) {
                return instant.toString();
            }
            throw new CoercingSerializeException("Expected an Instant but was " + typeOf(value));
        }

        @Override
        public Instant parseValue(Object input, GraphQLContext context, Locale locale) {
            if (input instanceof String s) {
                return parse(s, CoercingParseValueException::new);
            }
            throw new CoercingParseValueException("DateTime must be an ISO-8601 string such as 2026-11-25T12:00:00Z, not " + typeOf(input));
        }

        @Override
        public Instant parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            if (input instanceof StringValue s) {
                return parse(s.getValue(), CoercingParseLiteralException::new);
            }
            throw new CoercingParseLiteralException("DateTime must be an ISO-8601 string such as \"2026-11-25T12:00:00Z\"");
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return StringValue.of(serialize(input, context, locale));
        }

        private static <E extends RuntimeException> Instant parse(String raw, java.util.function.Function<String, E> error) {
            try {
                return Instant.parse(raw.trim());
            } catch (DateTimeParseException e) {
                throw error.apply("DateTime must be ISO-8601 with a zone, such as 2026-11-25T12:00:00Z; got \"" + raw + "\"");
            }
        }
    }

    static final class LongCoercing implements Coercing<Long, Long> {
        @Override
        public Long serialize(Object value, GraphQLContext context, Locale locale) {
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return ((Number) value).longValue();
            }
            throw new CoercingSerializeException("Expected a whole number but was " + typeOf(value));
        }

        @Override
        public Long parseValue(Object input, GraphQLContext context, Locale locale) {
            BigInteger value = wholeNumber(input);
            if (value == null || value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0) {
                throw new CoercingParseValueException("Long must be a whole number within 64 bits, not " + input);
            }
            return value.longValue();
        }

        @Override
        public Long parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            BigInteger value = input instanceof IntValue i ? i.getValue()
                    : input instanceof StringValue s ? wholeNumber(s.getValue()) : null;
            if (value == null || value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0) {
                throw new CoercingParseLiteralException("Long must be a whole number within 64 bits");
            }
            return value.longValue();
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return IntValue.newIntValue(BigInteger.valueOf(serialize(input, context, locale))).build();
        }

        /** A whole number from a JSON number or a string of digits (clients in JavaScript send large ones as strings). */
        private static BigInteger wholeNumber(Object input) {
            if (input instanceof Long || input instanceof Integer || input instanceof Short || input instanceof Byte) {
                return BigInteger.valueOf(((Number) input).longValue());
            }
            if (input instanceof BigInteger big) {
                return big;
            }
            if (input instanceof String s) {
                try {
                    return new BigInteger(s.trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }
    }

    private static String typeOf(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
