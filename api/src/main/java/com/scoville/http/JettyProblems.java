package com.scoville.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The errors Jetty answers itself, before any route runs: a request line or header it cannot parse, a URI or
 * header block too long, an ambiguous path. Jetty's own handler answers them in HTML (or with no body for some
 * methods and Accept headers); this one answers every one of them as problem+json, like {@link Problems}.
 */
final class JettyProblems extends ErrorHandler {
    private final ObjectMapper json;

    JettyProblems(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        response.write(true, body(code, message, Request.getPathInContext(request)), callback);
    }

    /** The answer to a request so broken that Jetty has no request object for it. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        return body(status, reason, null);
    }

    private ByteBuffer body(int status, String detail, String instance) {
        try {
            return ByteBuffer.wrap(json.writeValueAsBytes(Problems.of(status, detail, instance)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
