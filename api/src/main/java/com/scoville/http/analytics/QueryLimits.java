package com.scoville.http.analytics;

import graphql.ExecutionResult;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * How big one GraphQL operation may be: a question about the data at most {@code dataDepth} levels deep and
 * {@code dataFields} fields, a question about the schema alone (introspection) at most its own, larger, bounds.
 * Tools load a schema with one fixed query (graphql-js' {@code getIntrospectionQuery()}) that is deeper than any
 * question about the data needs to be, because it spells out type references such as {@code [SalesBucket!]!}.
 * <p>
 * An operation counts as introspection only when every field it asks at its root, through fragments too, is
 * {@code __schema}, {@code __type} or {@code __typename}: from there only the schema's own description is
 * reachable, never a data fetcher. One data field beside them and the whole operation is held to the data bounds.
 * graphql-java's good-faith check (on by default) still refuses an introspection that repeats {@code __schema} or
 * loops through {@code __Type.fields}.
 */
public final class QueryLimits {
    private QueryLimits() { }

    /** The instrumentation that enforces both pairs of bounds, each on the operations it is for. */
    public static Instrumentation of(int dataDepth, int dataFields, int introspectionDepth, int introspectionFields) {
        Predicate<ExecutionContext> introspection = QueryLimits::isIntrospection;
        Predicate<ExecutionContext> data = introspection.negate();
        return new ChainedInstrumentation(List.of(
                new Depth(dataDepth, data, "query"),
                new Fields(dataFields, data, "query"),
                new Depth(introspectionDepth, introspection, "introspection query"),
                new Fields(introspectionFields, introspection, "introspection query")));
    }

    /** True when the operation about to run asks only about the schema. */
    static boolean isIntrospection(ExecutionContext context) {
        return asksOnlyAboutTheSchema(context.getOperationDefinition().getSelectionSet(), context.getFragmentsByName(), new HashSet<>());
    }

    private static boolean asksOnlyAboutTheSchema(SelectionSet selections, Map<String, FragmentDefinition> fragments, Set<String> seen) {
        for (Selection<?> selection : selections.getSelections()) {
            boolean schemaOnly;
            if (selection instanceof Field field) {
                schemaOnly = field.getName().startsWith("__"); // __schema, __type, __typename: names GraphQL reserves
            } else if (selection instanceof InlineFragment inline) {
                schemaOnly = asksOnlyAboutTheSchema(inline.getSelectionSet(), fragments, seen);
            } else if (selection instanceof FragmentSpread spread) {
                FragmentDefinition fragment = fragments.get(spread.getName());
                // a fragment seen before is being (or was) checked where it was first spread; an unknown one is not ours
                schemaOnly = fragment != null && (!seen.add(spread.getName()) || asksOnlyAboutTheSchema(fragment.getSelectionSet(), fragments, seen));
            } else {
                schemaOnly = false;
            }
            if (!schemaOnly) {
                return false;
            }
        }
        return true;
    }

    /** graphql-java's depth limit, for the operations {@code scope} selects. */
    private static final class Depth extends MaxQueryDepthInstrumentation {
        private final Predicate<ExecutionContext> scope;
        private final String what;

        Depth(int max, Predicate<ExecutionContext> scope, String what) {
            super(max);
            this.scope = scope;
            this.what = what;
        }

        @Override
        public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
            return scope.test(parameters.getExecutionContext()) ? super.beginExecuteOperation(parameters, state) : SimpleInstrumentationContext.noOp();
        }

        @Override
        protected AbortExecutionException mkAbortException(int depth, int maxDepth) {
            return new AbortExecutionException("maximum " + what + " depth exceeded " + depth + " > " + maxDepth);
        }
    }

    /** graphql-java's complexity limit (one per field), for the operations {@code scope} selects. */
    private static final class Fields extends MaxQueryComplexityInstrumentation {
        private final Predicate<ExecutionContext> scope;
        private final String what;

        Fields(int max, Predicate<ExecutionContext> scope, String what) {
            super(max);
            this.scope = scope;
            this.what = what;
        }

        @Override
        public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
            return scope.test(parameters.getExecutionContext()) ? super.beginExecuteOperation(parameters, state) : SimpleInstrumentationContext.noOp();
        }

        @Override
        protected AbortExecutionException mkAbortException(int complexity, int maxComplexity) {
            return new AbortExecutionException("maximum " + what + " complexity exceeded " + complexity + " > " + maxComplexity);
        }
    }
}
