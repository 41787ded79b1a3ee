package org.kabambe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every command and subcommand answers {@code --help} (and {@code -h}) with its usage and exit 0, whatever options it
 * otherwise requires. The command tree is walked, so a command added later is checked too.
 */
class HelpEverywhereTest {

  /** The path of every command in the tree, e.g. {@code [token, create]}; the root is the empty path. */
  static List<List<String>> commandPaths() {
    List<List<String>> paths = new ArrayList<>();
    walk(new CommandLine(new Main(new java.io.StringReader(""))), List.of(), paths);
    return paths;
  }

  private static void walk(CommandLine command, List<String> path, List<List<String>> paths) {
    paths.add(path);
    command.getSubcommands().forEach((name, sub) -> {
      if (sub.getCommandSpec().aliases().length > 0 && !sub.getCommandName().equals(name)) return; // once per command
      List<String> longer = new ArrayList<>(path);
      longer.add(name);
      walk(sub, longer, paths);
    });
  }

  @Test
  void theTreeHasTheCommandsThatOnceLackedHelp() {
    var paths = commandPaths();
    for (var p : List.of(List.of("token"), List.of("token", "create"), List.of("export"), List.of("serve"),
        List.of("broadcast"), List.of("export", "results"))) {
      assertTrue(paths.contains(p), "walked " + paths);
    }
  }

  @Test
  void noCommandPrintsTheUsageWhereTheCommandLineWrites() {
    CliTest.Run r = CliTest.kabambe();
    assertEquals(Main.OK, r.exit(), r::all);
    assertTrue(r.out().startsWith("Usage: kabambe "), r::all);
  }

  @TestFactory
  Stream<DynamicTest> everyCommandAnswersHelpWithItsUsage() {
    return commandPaths().stream().flatMap(path -> Stream.of("--help", "-h").map(flag -> {
      List<String> args = new ArrayList<>(path);
      args.add(flag);
      return DynamicTest.dynamicTest("kabambe " + String.join(" ", args), () -> {
        CliTest.Run r = CliTest.kabambe(args.toArray(String[]::new));
        assertEquals(Main.OK, r.exit(), r::all);
        String name = path.isEmpty() ? "kabambe" : "kabambe " + String.join(" ", path);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("Usage: " + name + " ")), "usage of " + name
            + " on stdout: " + r.all());
        assertTrue(r.err().isEmpty(), "nothing on stderr: " + r.err());
      });
    }));
  }
}
