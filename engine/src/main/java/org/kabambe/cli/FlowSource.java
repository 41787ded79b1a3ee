package org.kabambe.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.flow.Flow;

/**
 * Resolves a FLOW argument: a flow file (its folder is loaded too, for the flows it calls and the programme's
 * fields) or a flow id within the flows folder.
 */
record FlowSource(Catalog catalog, Flow flow) {

  static FlowSource resolve(String flowArg, Path flowsDir) {
    return resolve(flowArg, flowsDir, dir -> CatalogLoader.standard().load(List.of(dir)));
  }

  /** As {@link #resolve(String, Path)}, the folder's catalog loaded by {@code load} (a server loading it itself). */
  static FlowSource resolve(String flowArg, Path flowsDir, Function<Path, Catalog> load) {
    Path asFile = Path.of(flowArg);
    boolean isFile = Files.isRegularFile(asFile);
    Path dir = isFile ? Optional.ofNullable(asFile.toAbsolutePath().getParent()).orElse(Path.of(".")) : flowsDir;
    Catalog catalog = load.apply(dir);
    Optional<Flow> flow = isFile
        ? catalog.flows().values().stream()
            .filter(f -> Path.of(f.file()).toAbsolutePath().normalize().equals(asFile.toAbsolutePath().normalize()))
            .findFirst()
        : catalog.flow(flowArg);
    if (flow.isEmpty()) {
      var msg = new StringBuilder(isFile ? "the flow in " + flowArg + " did not load" : "no flow '" + flowArg + "' in " + flowsDir);
      catalog.diagnostics().forEach(d -> msg.append("\n").append(d));
      if (!isFile && !catalog.flows().isEmpty()) msg.append("\nflows: ").append(String.join(", ", catalog.flows().keySet()));
      throw new CliException(msg.toString());
    }
    return new FlowSource(catalog, flow.get());
  }
}
