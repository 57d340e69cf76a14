package com.scoville.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/** Parses a folder of .avsc files that refer to each other by name, with one Schema.Parser, each file after those it uses. */
final class AvscFiles {

    private static final Set<String> NAMED = Set.of("record", "error", "enum", "fixed");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AvscFiles() {
    }

    /** Every named type defined in the folder (records, enums, fixed, nested ones too), by full name. */
    static Map<String, Schema> parseAll(Path folder) {
        Map<Path, FileNames> files = new LinkedHashMap<>();
        for (Path file : list(folder)) {
            files.put(file, FileNames.of(file));
        }
        Schema.Parser parser = new Schema.Parser();
        for (Path file : dependencyOrder(files)) {
            try {
                parser.parse(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return parser.getTypes();
    }

    static List<Path> list(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(path -> path.toString().endsWith(".avsc")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> dependencyOrder(Map<Path, FileNames> files) {
        Map<String, Path> definedIn = new HashMap<>();
        files.forEach((file, names) -> names.defined().forEach(name -> definedIn.put(name, file)));
        List<Path> order = new ArrayList<>();
        Set<Path> visiting = new HashSet<>();
        for (Path file : files.keySet()) {
            visit(file, files, definedIn, visiting, order);
        }
        return order;
    }

    private static void visit(Path file, Map<Path, FileNames> files, Map<String, Path> definedIn, Set<Path> visiting, List<Path> order) {
        if (order.contains(file)) {
            return;
        }
        if (!visiting.add(file)) {
            throw new IllegalStateException("Cycle between .avsc files through " + file);
        }
        for (String reference : files.get(file).referenced()) {
            Path dependency = definedIn.get(reference);
            if (dependency != null && !dependency.equals(file)) {
                visit(dependency, files, definedIn, visiting, order);
            }
        }
        order.add(file);
    }

    /** The full names one file defines and the names it refers to (each as written and as qualified by its namespace). */
    private record FileNames(Set<String> defined, Set<String> referenced) {

        static FileNames of(Path file) {
            FileNames names = new FileNames(new HashSet<>(), new HashSet<>());
            try {
                names.walk(JSON.readTree(file.toFile()), "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return names;
        }

        private void walk(JsonNode node, String namespace) {
            if (node.isTextual()) {
                String name = node.asText();
                referenced.add(name);
                referenced.add(namespace.isEmpty() ? name : namespace + "." + name);
            } else if (node.isArray()) {
                node.forEach(member -> walk(member, namespace));
            } else if (node.isObject()) {
                String inner = namespace;
                if (NAMED.contains(node.path("type").asText()) && node.has("name")) {
                    String name = node.get("name").asText();
                    inner = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : node.path("namespace").asText(namespace);
                    defined.add(name.contains(".") ? name : (inner.isEmpty() ? name : inner + "." + name));
                }
                for (String key : List.of("type", "items", "values")) {
                    if (node.has(key)) {
                        walk(node.get(key), inner);
                    }
                }
                String scope = inner;
                node.path("fields").forEach(field -> walk(field, scope));
            }
        }
    }
}
