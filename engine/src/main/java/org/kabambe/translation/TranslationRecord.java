package org.kabambe.translation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What each translation into one language was made from, kept in {@code flows/translations/LANG.sources.yaml} by
 * {@code translations import}: the source text per key, so export and validate can tell a translation whose
 * source has changed since (outdated) from a current one; and translations refused because their source had
 * changed ({@code pending}), offered back as fuzzy in the next export so the translator's work is not lost.
 */
public record TranslationRecord(String language, Map<String, String> sources, Map<String, Pending> pending) {
  public record Pending(String source, String translation) {}

  public TranslationRecord {
    sources = Map.copyOf(sources);
    pending = Map.copyOf(pending);
  }

  public static Path file(Path flowsDir, String language) {
    return flowsDir.resolve("translations").resolve(language + ".sources.yaml");
  }

  /** The languages with a record in this flows folder. */
  public static List<String> languages(Path flowsDir) {
    Path dir = flowsDir.resolve("translations");
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sources.yaml"))
          .map(n -> n.substring(0, n.length() - ".sources.yaml".length())).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The record for {@code language}, empty when there is none yet. */
  @SuppressWarnings("unchecked")
  public static TranslationRecord read(Path flowsDir, String language) throws IOException {
    Path p = file(flowsDir, language);
    if (!Files.isRegularFile(p)) return new TranslationRecord(language, Map.of(), Map.of());
    Object loaded;
    try {
      loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(p, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new IOException(p + " is not readable YAML (" + e.getMessage() + "); restore it from version control", e);
    }
    Map<String, Object> root = loaded instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    Map<String, String> sources = new TreeMap<>();
    if (root.get("sources") instanceof Map<?, ?> s) s.forEach((k, v) -> sources.put(String.valueOf(k), String.valueOf(v)));
    Map<String, Pending> pending = new TreeMap<>();
    if (root.get("pending") instanceof Map<?, ?> s) {
      s.forEach((k, v) -> {
        if (v instanceof Map<?, ?> e) {
          pending.put(String.valueOf(k), new Pending(String.valueOf(e.get("source")), String.valueOf(e.get("translation"))));
        }
      });
    }
    return new TranslationRecord(language, sources, pending);
  }

  public Optional<String> sourceOf(String key) {
    return Optional.ofNullable(sources.get(key));
  }

  public Optional<Pending> pendingOf(String key) {
    return Optional.ofNullable(pending.get(key));
  }

  /** The file's content: sorted keys, so that a diff shows only what an import changed. */
  public String toYaml() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("language", language);
    root.put("sources", new TreeMap<>(sources));
    if (!pending.isEmpty()) {
      Map<String, Object> p = new TreeMap<>();
      pending.forEach((k, v) -> p.put(k, Map.of("source", v.source(), "translation", v.translation())));
      root.put("pending", p);
    }
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setAllowUnicode(true);
    options.setWidth(Integer.MAX_VALUE);
    options.setSplitLines(false);
    return "# Written by `kabambe translations import`: the source text each " + language + " translation was made\n"
        + "# from. Export and validate compare it with today's text to find outdated translations. Not for hand edits.\n"
        + new Yaml(options).dump(root);
  }
}
