package com.scoville.http;

import io.javalin.http.ContentType;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Files the service serves from its own classpath: its pages and the WebJars they load. */
public final class ClasspathFiles {
    private ClasspathFiles() { }

    /** The whole of a resource that must be there (the service does not start without it). */
    public static byte[] read(String resource) {
        try (InputStream in = ClasspathFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The classpath holds no " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version of a WebJar, from the pom.properties it ships, e.g. {@code /META-INF/maven/org.webjars/swagger-ui/pom.properties}. */
    public static String webjarVersion(String pomProperties, String webjar) {
        try (InputStream in = ClasspathFiles.class.getResourceAsStream(pomProperties)) {
            if (in == null) {
                throw new IllegalStateException("The WebJar " + webjar + " is not on the classpath");
            }
            Properties pom = new Properties();
            pom.load(in);
            return pom.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers with a file's bytes, its type guessed from its extension. */
    public static void send(Context ctx, InputStream in, String name, String cacheControl) {
        String mime = ContentType.mimeTypeByExtension(name.substring(name.lastIndexOf('.') + 1));
        ctx.header("Cache-Control", cacheControl);
        ctx.contentType(mime == null ? "application/octet-stream" : mime).result(in);
    }
}
