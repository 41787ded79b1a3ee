package org.kabambe.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kabambe seed}: loads the demo contacts ({@code seeds/*.csv}) like {@code contacts import}. */
@Command(name = "seed", description = "Load the demo contacts (seeds/*.csv) into the database of a stopped server.")
final class SeedCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @picocli.CommandLine.Mixin
  ContactsCommand.Common common;

  @Option(names = "--seeds", defaultValue = "seeds", description = "folder of seed CSV files (default seeds)")
  Path seeds;

  @Option(names = "--region", paramLabel = "CC",
      description = "country of numbers written without a country code, e.g. KE (env KABAMBE_REGION)")
  Optional<String> region;

  @Override
  public Integer call() throws IOException {
    String command = "kabambe seed";
    if (!Files.isDirectory(seeds)) throw new CliException(command + ": no seeds folder at " + seeds);
    List<Path> files;
    try (Stream<Path> s = Files.list(seeds)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
    }
    if (files.isEmpty()) throw new CliException(command + ": no .csv files in " + seeds);
    var fields = ContactsDatabase.fields(command, common.flows);
    var numbers = ContactsDatabase.numbers(command, region);
    long rejected = 0;
    try (var db = CliDatabase.open(command, common.db.location())) {
      for (Path f : files) {
        rejected += ContactImport.file(command, f, db, fields, numbers, spec.commandLine().getOut(),
            spec.commandLine().getErr()).rejected();
      }
    }
    return rejected == 0 ? Main.OK : Main.INPUT_WRONG;
  }
}
