package org.kabambe.analytics;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The analytics benchmarks' {@code --name value} options, read one way: {@code -h}/{@code --help} prints the usage
 * (then {@link #help} is true), an unknown option or one without a value exits 2 with the usage.
 */
final class BenchOptions {
  private final Map<String, String> values = new HashMap<>();
  private boolean help;

  private BenchOptions() {}

  static BenchOptions parse(String bench, String usage, String[] args, Set<String> names) {
    var options = new BenchOptions();
    for (int i = 0; i < args.length; i += 2) {
      if (args[i].equals("-h") || args[i].equals("--help")) {
        System.out.println(usage);
        options.help = true;
        return options;
      }
      if (!names.contains(args[i]) || i + 1 >= args.length) {
        System.err.println(bench + ": " + (names.contains(args[i]) ? args[i] + " needs a value"
            : "unknown option " + args[i]) + "\n" + usage);
        System.exit(2);
      }
      options.values.put(args[i], args[i + 1]);
    }
    return options;
  }

  boolean help() {
    return help;
  }

  long number(String name, long otherwise) {
    return values.containsKey(name) ? Long.parseLong(values.get(name)) : otherwise;
  }

  /** The value given, or null. */
  String text(String name) {
    return values.get(name);
  }
}
