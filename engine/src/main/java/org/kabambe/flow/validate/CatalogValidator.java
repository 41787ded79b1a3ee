package org.kabambe.flow.validate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.Located;
import org.kabambe.diag.SourcePos;
import org.kabambe.flow.Flow;
import org.kabambe.flow.Node;
import org.kabambe.flow.settings.GlobalKeywords;
import org.kabambe.diag.DidYouMean;
import org.kabambe.input.WordFolding;

/**
 * Checks what only shows across flows: service codes and SMS keywords claimed twice (or clashing with the global
 * STOP/HELP/JOIN words), calls to missing flows, flows that call each other in a loop, and called flows that do
 * not speak all of their caller's languages.
 */
public final class CatalogValidator {
  private CatalogValidator() {}

  /** As {@link #validate(Map, GlobalKeywords, Diagnostics)} with the default global keywords. */
  public static void validate(Map<String, Flow> flows, Diagnostics out) {
    validate(flows, GlobalKeywords.DEFAULTS, out);
  }

  /** Adds every cross-flow finding to {@code out}; {@code flows} is keyed by flow id. */
  public static void validate(Map<String, Flow> flows, GlobalKeywords globals, Diagnostics out) {
    // File order, so "the second one" is the one reported, the same on every run.
    List<Flow> ordered = flows.values().stream()
        .sorted(Comparator.comparing(Flow::pos).thenComparing(Flow::id))
        .toList();
    checkServiceCodes(ordered, out);
    checkKeywords(ordered, globals, out);
    checkCalls(ordered, flows, out);
  }

  private record Claim(Flow flow, Located<String> trigger) {
    String where() {
      return "flow '" + flow.id() + "' (" + trigger.pos() + ")";
    }
  }

  private static void checkServiceCodes(List<Flow> flows, Diagnostics out) {
    var claims = new HashMap<String, Claim>();
    for (Flow flow : flows) {
      for (var code : flow.triggers().ussd()) {
        Claim earlier = claims.putIfAbsent(code.value().replace(" ", ""), new Claim(flow, code));
        if (earlier != null && earlier.flow() != flow) {
          out.error(code.pos(), "service code " + code.value() + " already starts " + earlier.where()
              + ": give each flow its own code");
        }
      }
    }
  }

  private static void checkKeywords(List<Flow> flows, GlobalKeywords globals, Diagnostics out) {
    Map<String, String> globalMeaning = globalMeanings(globals);
    var claims = new HashMap<String, Claim>();
    for (Flow flow : flows) {
      for (var keyword : flow.triggers().keywords()) {
        String folded = WordFolding.fold(keyword.value());
        String meaning = globalMeaning.get(folded);
        if (meaning != null) {
          out.error(keyword.pos(), "keyword " + keyword.value() + " is a global SMS keyword (" + meaning
              + "), so texts with it never reach this flow: choose another keyword");
          continue;
        }
        Claim earlier = claims.putIfAbsent(folded, new Claim(flow, keyword));
        if (earlier != null && earlier.flow() != flow) {
          out.error(keyword.pos(), "keyword " + keyword.value() + " is already used by " + earlier.where() + " as "
              + earlier.trigger().value() + " (keywords are compared ignoring case and accents): choose another"
              + " keyword");
        }
      }
    }
  }

  /** Folded global word -> what it does, e.g. "stop" -> "STOP in en, fr, sw: opts the sender out". */
  private static Map<String, String> globalMeanings(GlobalKeywords globals) {
    var languagesByWord = new LinkedHashMap<String, Map<GlobalKeywords.Purpose, List<String>>>();
    for (var purpose : GlobalKeywords.Purpose.values()) {
      var byLanguage = globals.words().getOrDefault(purpose, Map.of());
      byLanguage.keySet().stream().sorted().forEach(language -> {
        for (String word : byLanguage.get(language)) {
          languagesByWord.computeIfAbsent(WordFolding.fold(word), w -> new LinkedHashMap<>())
              .computeIfAbsent(purpose, p -> new ArrayList<>()).add(language);
        }
      });
    }
    var meanings = new HashMap<String, String>();
    languagesByWord.forEach((word, purposes) -> meanings.put(word, purposes.entrySet().stream()
        .map(e -> e.getKey() + " in " + String.join(", ", e.getValue()) + ": " + effect(e.getKey()))
        .collect(Collectors.joining("; "))));
    return meanings;
  }

  private static String effect(GlobalKeywords.Purpose purpose) {
    return switch (purpose) {
      case STOP -> "opts the sender out";
      case HELP -> "sends the help message";
      case JOIN -> "subscribes the sender";
    };
  }

  private static void checkCalls(List<Flow> ordered, Map<String, Flow> flows, Diagnostics out) {
    var index = new HashMap<String, Integer>();
    for (int i = 0; i < ordered.size(); i++) index.put(ordered.get(i).id(), i);
    var firstCall = new HashMap<List<Integer>, SourcePos>(); // (caller, callee) -> where the call is written
    int[][] calls = new int[ordered.size()][];
    for (int i = 0; i < ordered.size(); i++) {
      Flow caller = ordered.get(i);
      var callees = new ArrayList<Integer>();
      for (var node : caller.nodes().values()) {
        if (!(node instanceof Node.Call call)) continue;
        Integer callee = index.get(call.flow());
        if (callee == null) {
          String hint = DidYouMean.closest(call.flow(), flows.keySet())
              .map(s -> "did you mean '" + s + "'?")
              .orElse("check the flow: id of the flow you mean");
          out.error(call.flowPos(), "call: there is no flow '" + call.flow() + "'; " + hint);
          continue;
        }
        callees.add(callee);
        firstCall.putIfAbsent(List.of(i, callee), call.flowPos());
        checkLanguages(caller, ordered.get(callee), call, out);
      }
      calls[i] = callees.stream().mapToInt(Integer::intValue).distinct().toArray();
    }
    for (var loop : CycleFinder.cycles(calls)) {
      String chain = loop.stream().map(i -> ordered.get(i).id()).collect(Collectors.joining(" -> "));
      out.error(firstCall.get(List.of(loop.get(0), loop.get(1))), "flows call each other in a loop: " + chain
          + ", so a participant would never get back to the end; remove one of these calls");
    }
  }

  private static void checkLanguages(Flow caller, Flow callee, Node.Call call, Diagnostics out) {
    List<String> missing = caller.languages().stream().filter(l -> !callee.languages().contains(l)).toList();
    if (missing.isEmpty()) return;
    out.warning(call.flowPos(), "flow '" + callee.id() + "' is not written in " + String.join(", ", missing)
        + ", which this flow speaks: participants using " + String.join(", ", missing) + " will see it in "
        + callee.defaultLanguage() + "; add the languages to '" + callee.id() + "'");
  }
}
