package org.kabambe.catalog.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.kabambe.catalog.Catalog;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.SourcePos;
import org.kabambe.flow.Action;
import org.kabambe.flow.Flow;
import org.kabambe.flow.FlowCompiler;
import org.kabambe.flow.Node;
import org.kabambe.flow.campaign.Campaign;
import org.kabambe.flow.parse.CampaignParser;
import org.kabambe.flow.parse.FieldsFileParser;
import org.kabambe.flow.parse.FlowParser;
import org.kabambe.flow.parse.KeywordsFileParser;
import org.kabambe.flow.parse.NavigationFileParser;
import org.kabambe.flow.settings.ContactFields;
import org.kabambe.flow.settings.GlobalKeywords;
import org.kabambe.flow.settings.NavigationWords;
import org.kabambe.flow.validate.CatalogValidator;
import org.kabambe.flow.validate.FlowValidator;
import org.kabambe.flow.yaml.SafeYamlReader;
import org.kabambe.input.WordFolding;
import org.kabambe.translation.TranslationProgress;

/**
 * Loads flow folders and files into a {@link Catalog}. A folder brings its programme files ({@code fields.yaml},
 * {@code keywords.yaml}) and every other {@code *.yaml}/{@code *.yml} directly in it as a flow; subfolders
 * ({@code tests/}, {@code campaigns/}) are not flows and are skipped. A broken file is reported and left out;
 * the others still load. Reads files on the calling thread: call it from the CLI or a worker, never an event
 * loop.
 */
public final class CatalogLoader {
  private final boolean compileExpressions;
  private final boolean translationFallback;

  private CatalogLoader(boolean compileExpressions, boolean translationFallback) {
    this.compileExpressions = compileExpressions;
    this.translationFallback = translationFallback;
  }

  /** Parses, compiles every expression against the programme's fields, and validates. */
  public static CatalogLoader standard() {
    return new CatalogLoader(true, false);
  }

  /**
   * As {@link #standard}, with every flow read as if it had {@code translation_fallback: true}: a text missing a
   * language's translation is a warning, so the flow still loads and its texts can be exported and translated.
   */
  public static CatalogLoader forTranslators() {
    return new CatalogLoader(true, true);
  }

  /** Parses the structure only: expressions stay uncompiled (for tools that only need the shape of flows). */
  public static CatalogLoader structureOnly() {
    return new CatalogLoader(false, false);
  }

  public Catalog load(List<Path> paths) {
    Diagnostics diagnostics = new Diagnostics();
    FoundFiles found = collect(paths, diagnostics);

    ContactFields fields = found.fields.flatMap(p -> read(p, diagnostics)
        .flatMap(bytes -> FieldsFileParser.parse(p.toString(), bytes, diagnostics))).orElse(ContactFields.NONE);
    GlobalKeywords keywords = found.keywords.flatMap(p -> read(p, diagnostics)
        .flatMap(bytes -> KeywordsFileParser.parse(p.toString(), bytes, diagnostics))).orElse(GlobalKeywords.DEFAULTS);
    NavigationWords navigation = found.navigation.flatMap(p -> read(p, diagnostics)
        .flatMap(bytes -> NavigationFileParser.parse(p.toString(), bytes, diagnostics)))
        .orElse(NavigationWords.DEFAULTS);

    Map<String, Flow> flows = new LinkedHashMap<>();
    FlowCompiler compiler = new FlowCompiler(fields);
    // Flows are independent until the cross-flow checks: load them on every core (CEL type-checking dominates).
    List<LoadedFile> loaded = found.flows.parallelStream().map(p -> loadOne(p, compiler, navigation)).toList();
    for (LoadedFile file : loaded) {
      Optional<Flow> flow = file.flow();
      Diagnostics own = file.diagnostics();
      diagnostics.addAll(own.sorted());
      if (flow.isEmpty() || own.hasErrors()) continue;
      Flow previous = flows.putIfAbsent(flow.get().id(), flow.get());
      if (previous != null) {
        diagnostics.error(flow.get().pos(), "flow id '" + flow.get().id() + "' is already used by "
            + previous.file() + "; give each flow its own id (this file is left out)");
      }
    }
    validateAcrossFlows(flows, fields, keywords, diagnostics);
    Map<String, Campaign> campaigns = loadCampaigns(found.campaigns, flows, fields, keywords, diagnostics);
    Catalog catalog = new Catalog(flows, fields, keywords, campaigns, diagnostics.sorted(), navigation);
    // Outdated and incomplete translations (translations/*.sources.yaml): read against the loaded texts.
    for (Path dir : paths.stream().filter(Files::isDirectory).toList()) {
      diagnostics.addAll(TranslationProgress.findings(dir, catalog));
    }
    return new Catalog(flows, fields, keywords, campaigns, diagnostics.sorted(), navigation);
  }

  /**
   * Campaign files ({@code campaigns/*.yaml} next to the flows): parsed, then checked against the flows (a
   * {@code flow:} step names a loaded flow) and keywords (a join/leave word is not a global or flow keyword, nor
   * another campaign's).
   */
  private static Map<String, Campaign> loadCampaigns(List<Path> files, Map<String, Flow> flows, ContactFields fields,
                                                   GlobalKeywords keywords, Diagnostics diagnostics) {
    Map<String, Campaign> campaigns = new LinkedHashMap<>();
    Map<String, String> taken = new HashMap<>();
    keywords.words().forEach((purpose, byLang) -> byLang.values().forEach(ws -> ws.forEach(
        w -> taken.putIfAbsent(w, "the global " + purpose.name() + " keyword"))));
    for (Flow f : flows.values()) {
      for (var k : f.triggers().keywords()) {
        taken.putIfAbsent(WordFolding.fold(k.value()), "a keyword of flow '" + f.id() + "'");
      }
    }
    for (Path p : files) {
      Diagnostics own = new Diagnostics();
      Optional<Campaign> c = read(p, own).flatMap(bytes -> CampaignParser.parse(p.toString(), bytes, fields, own));
      if (c.isPresent()) {
        Campaign campaign = c.get();
        for (var m : campaign.messages()) {
          m.flow().ifPresent(id -> {
            if (!flows.containsKey(id)) own.error(m.pos(), "message " + m.key() + " starts flow '" + id
                + "', which is not loaded");
          });
        }
        List<String> words = new ArrayList<>(campaign.join());
        words.addAll(campaign.leave());
        for (String w : words) {
          String owner = taken.putIfAbsent(w, "a keyword of campaign '" + campaign.id() + "'");
          if (owner != null) own.error(campaign.pos(), "campaign keyword '" + w + "' is already " + owner);
        }
        if (campaigns.containsKey(campaign.id())) {
          own.error(campaign.pos(), "campaign id '" + campaign.id() + "' is used by two files (this one is left out)");
        }
      }
      diagnostics.addAll(own.sorted());
      if (c.isPresent() && !own.hasErrors()) campaigns.putIfAbsent(c.get().id(), c.get());
    }
    if (!files.isEmpty()) { // a campaigns folder was loaded: a flow's subscribe/unsubscribe should name one of them
      for (Flow f : flows.values()) {
        for (Node n : f.nodes().values()) {
          List<Action> actions = n instanceof Node.Do d ? d.actions() : n instanceof Node.End e ? e.actions() : List.of();
          for (Action a : actions) {
            String id = a instanceof Action.Subscribe s ? s.campaign() : a instanceof Action.Unsubscribe u ? u.campaign() : null;
            SourcePos pos = a instanceof Action.Subscribe s ? s.pos() : a instanceof Action.Unsubscribe u ? u.pos() : null;
            if (id != null && !campaigns.containsKey(id)) {
              diagnostics.warning(pos, "campaign '" + id + "' is not in " + files.get(0).getParent()
                  + "; the subscription is recorded but nothing will be sent");
            }
          }
        }
      }
    }
    return campaigns;
  }

  private record LoadedFile(Optional<Flow> flow, Diagnostics diagnostics) {}

  private LoadedFile loadOne(Path p, FlowCompiler compiler, NavigationWords navigation) {
    Diagnostics own = new Diagnostics();
    try {
      Optional<Flow> flow = read(p, own).flatMap(bytes -> FlowParser.parse(p.toString(), bytes, own));
      if (translationFallback) flow = flow.map(Flow::withTranslationFallback);
      if (flow.isPresent() && compileExpressions) flow = Optional.of(compiler.compile(flow.get(), own));
      if (flow.isPresent() && !own.hasErrors()) FlowValidator.validate(flow.get(), navigation, own);
      return new LoadedFile(flow, own);
    } catch (RuntimeException | StackOverflowError e) {
      // A bug of ours, not the author's: this file is left out, the other flows still load (and reload).
      Diagnostics failed = new Diagnostics();
      failed.error(new SourcePos(p.toString(), 1, 1), "this flow could not be loaded (" + e
          + "); it is left out. This is a bug in Kabambe, not in the flow: please report it with the file");
      return new LoadedFile(Optional.empty(), failed);
    }
  }

  /** Cross-flow checks: keyword and service-code collisions, calls to unknown flows, call cycles. */
  private void validateAcrossFlows(Map<String, Flow> flows, ContactFields fields, GlobalKeywords keywords,
                                   Diagnostics diagnostics) {
    CatalogValidator.validate(flows, keywords, diagnostics);
  }

  /** The files a load reads, by role. */
  private static final class FoundFiles {
    Optional<Path> fields = Optional.empty();
    Optional<Path> keywords = Optional.empty();
    Optional<Path> navigation = Optional.empty();
    final List<Path> flows = new ArrayList<>();
    final List<Path> campaigns = new ArrayList<>();
  }

  private static FoundFiles collect(List<Path> paths, Diagnostics diagnostics) {
    FoundFiles found = new FoundFiles();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> children = Files.list(path)) {
          children.filter(Files::isRegularFile).filter(CatalogLoader::isYaml).sorted()
              .forEach(p -> classify(p, found, diagnostics));
        } catch (IOException e) {
          diagnostics.error(top(path), "could not list the folder: " + e.getMessage());
        }
        Path campaignDir = path.resolve("campaigns");
        if (Files.isDirectory(campaignDir)) {
          try (Stream<Path> children = Files.list(campaignDir)) {
            children.filter(Files::isRegularFile).filter(CatalogLoader::isYaml).sorted().forEach(found.campaigns::add);
          } catch (IOException e) {
            diagnostics.error(top(campaignDir), "could not list the folder: " + e.getMessage());
          }
        }
      } else if (Files.isRegularFile(path)) {
        classify(path, found, diagnostics);
      } else {
        diagnostics.error(top(path), "there is no file or folder here; check the path");
      }
    }
    return found;
  }

  private static boolean isYaml(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml")); // dot files: editor temps
  }

  private static void classify(Path p, FoundFiles found, Diagnostics diagnostics) {
    String base = p.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    switch (base) {
      case "fields" -> found.fields = programFile(found.fields, p, diagnostics);
      case "keywords" -> found.keywords = programFile(found.keywords, p, diagnostics);
      case "navigation" -> found.navigation = programFile(found.navigation, p, diagnostics);
      default -> found.flows.add(p);
    }
  }

  private static Optional<Path> programFile(Optional<Path> already, Path p, Diagnostics diagnostics) {
    if (already.isEmpty()) return Optional.of(p);
    diagnostics.error(top(p), "a programme has one " + p.getFileName() + ", and " + already.get()
        + " is already loaded: merge the two (this one is left out)");
    return already;
  }

  private static Optional<byte[]> read(Path p, Diagnostics diagnostics) {
    try {
      long size = Files.size(p);
      if (size > SafeYamlReader.MAX_BYTES) { // refuse before reading it all into memory
        diagnostics.error(top(p), SafeYamlReader.tooBig(size));
        return Optional.empty();
      }
      return Optional.of(Files.readAllBytes(p));
    } catch (IOException e) {
      diagnostics.error(top(p), "could not read the file: " + e.getMessage());
      return Optional.empty();
    }
  }

  private static SourcePos top(Path p) {
    return new SourcePos(p.toString(), 1, 1);
  }
}
