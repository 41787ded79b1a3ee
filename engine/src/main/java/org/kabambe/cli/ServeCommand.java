package org.kabambe.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kabambe serve}: the USSD/SMS service. */
@Command(name = "serve", description = "Serve the flows over USSD (HTTP gateways).")
final class ServeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println("kabambe serve: not yet — USSD serving arrives with the next issue.");
    spec.commandLine().getOut().flush();
    return Main.OK;
  }
}
