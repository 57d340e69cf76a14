package com.scoville.registry;

/**
 * Why a registry call failed, in Confluent's terms (HTTP status and {@code error_code}), so callers can tell a retry from a fix.
 */
public class SchemaRegistryException extends RuntimeException {

    /** Confluent error code: subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent error code: version not found. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Confluent error code: schema not found. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Confluent error code: the subject has no compatibility level of its own. */
    public static final int SUBJECT_CONFIG_NOT_FOUND = 40408;
    /** Confluent error code: incompatible schema (the code equals the HTTP status). */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** Confluent error code: invalid (unparseable) schema. */
    public static final int INVALID_SCHEMA = 42201;
    /** Confluent error code: invalid version. */
    public static final int INVALID_VERSION = 42202;
    /** Confluent error code: invalid compatibility level. */
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    /** Confluent error code: error in the backend data store. */
    public static final int STORE_ERROR = 50001;
    /** Status used when no HTTP answer came at all (connection refused, timeout). */
    public static final int NO_RESPONSE = 0;

    private final int status;
    private final int errorCode;
    private final String reason;

    public SchemaRegistryException(int status, int errorCode, String message) {
        this(status, errorCode, message, null);
    }

    public SchemaRegistryException(int status, int errorCode, String message, Throwable cause) {
        super(message + " (status " + status + ", error_code " + errorCode + ")", cause);
        this.status = status;
        this.errorCode = errorCode;
        this.reason = message;
    }

    /** The message alone, as Confluent puts it in the {@code message} field of an error body. */
    public String reason() {
        return reason;
    }

    /** The HTTP status, or {@link #NO_RESPONSE} when the registry could not be reached. */
    public int status() {
        return status;
    }

    /** Confluent's {@code error_code}, e.g. 40401; equal to the status when the server sent none. */
    public int errorCode() {
        return errorCode;
    }

    /** True when the same call may succeed later (no answer, 5xx, 429); false when the request itself is wrong (4xx). */
    public boolean isRetryable() {
        return status == NO_RESPONSE || status >= 500 || status == 429;
    }

    /** True for a 404 of any kind (subject, version or schema unknown). */
    public boolean isNotFound() {
        return status == 404;
    }
}
