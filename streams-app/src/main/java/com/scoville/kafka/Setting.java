package com.scoville.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** One environment variable of {@link ScovilleConfig}: its name, default (null: unset), meaning, and how its text becomes a value. */
public record Setting<T>(String env, String defaultValue, String doc, Function<String, T> parser) {

    T read(String raw) {
        try {
            return parser.apply(raw);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Configuration " + env + ": cannot read '" + raw + "': " + e.getMessage(), e);
        }
    }

    /** The README's configuration table: one row per setting, in declaration order. */
    static String markdownTable(List<Setting<?>> settings) {
        StringBuilder table = new StringBuilder("| variable | default | meaning |\n| --- | --- | --- |\n");
        for (Setting<?> s : settings) {
            table.append("| `").append(s.env()).append("` | ")
                    .append(s.defaultValue() == null ? "unset" : "`" + s.defaultValue() + "`")
                    .append(" | ").append(s.doc()).append(" |\n");
        }
        return table.toString();
    }

    static Setting<Optional<String>> optional(String env, String doc) {
        return new Setting<>(env, null, doc, Optional::ofNullable);
    }

    static Setting<String> text(String env, String defaultValue, String doc) {
        return new Setting<>(env, defaultValue, doc, v -> v);
    }

    static Setting<Path> path(String env, String defaultValue, String doc) {
        return new Setting<>(env, defaultValue, doc, Path::of);
    }

    static Setting<Boolean> bool(String env, String defaultValue, String doc) {
        return new Setting<>(env, defaultValue, doc, v -> switch (v.toLowerCase()) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        });
    }

    static Setting<Integer> port(String env, String defaultValue, String doc) {
        return between(env, defaultValue, 0, 65535, doc);
    }

    static Setting<Integer> atLeast(String env, String defaultValue, int min, String doc) {
        return between(env, defaultValue, min, Integer.MAX_VALUE, doc);
    }

    static Setting<Integer> between(String env, String defaultValue, int min, int max, String doc) {
        return new Setting<>(env, defaultValue, doc, v -> {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException(max == Integer.MAX_VALUE ? "must be at least " + min
                        : "must be " + min + " to " + max);
            }
            return n;
        });
    }

    static Setting<Double> decimal(String env, String defaultValue, double min, double max, String doc) {
        return new Setting<>(env, defaultValue, doc, v -> {
            double d = Double.parseDouble(v);
            if (!(d >= min && d <= max)) {
                throw new IllegalArgumentException("must be " + min + " to " + max);
            }
            return d;
        });
    }

    /** A duration from {@code min} to {@code max}. */
    static Setting<Duration> durationBetween(String env, String defaultValue, Duration min, Duration max, String doc) {
        Setting<Duration> plain = duration(env, defaultValue, doc);
        return new Setting<>(env, defaultValue, doc, v -> {
            Duration d = plain.parser().apply(v);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException("must be " + min + " to " + max);
            }
            return d;
        });
    }

    static Setting<Duration> duration(String env, String defaultValue, String doc) {
        return new Setting<>(env, defaultValue, doc, v -> {
            Duration d = v.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("must be positive");
            }
            return d;
        });
    }
}
