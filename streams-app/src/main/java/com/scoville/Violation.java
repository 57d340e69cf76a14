package com.scoville;

/** One reason an input is refused, named by the field it concerns (RFC 9457 {@code errors[]}). */
public record Violation(String field, String message) { }
