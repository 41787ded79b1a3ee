package org.kabambe.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kabambe.graph.MermaidGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kabambe graph FLOW}: the flow as a Mermaid diagram (paste it into any Mermaid viewer). */
@Command(name = "graph", description = "Print a flow as a Mermaid diagram.")
final class GraphCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FLOW", description = "a flow file, or a flow id within --flows")
  String flow;

  @Option(names = "--flows", paramLabel = "DIR", defaultValue = "flows", description = "the flows folder (default: ${DEFAULT-VALUE})")
  Path flowsDir;

  @Option(names = "--lang", paramLabel = "xx", description = "the language of the labels (default: the flow's first)")
  String language;

  @Override
  public Integer call() {
    FlowSource source = FlowSource.resolve(flow, flowsDir);
    String lang = language == null ? source.flow().defaultLanguage() : language;
    spec.commandLine().getOut().print(MermaidGraph.render(source.flow(), lang));
    spec.commandLine().getOut().flush();
    return Main.OK;
  }
}
