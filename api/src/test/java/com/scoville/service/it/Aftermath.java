package com.scoville.service.it;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * What a property's container checks once the property has passed: that the service still works after everything
 * the property did to it. Register {@link Hook} with {@code @AddLifecycleHook(Aftermath.Hook.class)}.
 *
 * <p>A property that failed reports its own failure, and the aftermath is not checked: an {@code @AfterProperty}
 * failure would replace the property's in jqwik's report, and a canary waiting on a stopped stream only buries it.
 */
public interface Aftermath {

    void check();

    final class Hook implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            PropertyExecutionResult result = property.execute();
            if (result.status() != PropertyExecutionResult.Status.SUCCESSFUL) {
                return result;
            }
            try {
                ((Aftermath) context.testInstance()).check();
                return result;
            } catch (AssertionError | RuntimeException e) {
                return result.mapToFailed(e);
            }
        }
    }
}
