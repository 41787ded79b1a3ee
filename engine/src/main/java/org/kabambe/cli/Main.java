package org.kabambe.cli;

import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code kabambe} command: one entry point for authors (validate, simulate, test, graph) and operators (serve,
 * contacts, seed). {@code scope = INHERIT}: every command and subcommand, also one added later, gets {@code -h/--help}
 * (and {@code -V/--version}), which answer before required options are checked. */
@Command(
    name = "kabambe",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    version = "kabambe 0.1.0",
    description = "USSD and SMS menu engine for basic phones.",
    subcommands = {
        ServeCommand.class,
        ValidateCommand.class,
        SimulateCommand.class,
        TestCommand.class,
        GraphCommand.class,
        ContactsCommand.class,
        SeedCommand.class,
        TokenCommand.class,
        ExportCommand.class,
        BroadcastCommand.class,
        TranslationsCommand.class,
        DbCommand.class,
        CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit codes promised in the README: 0 ok, 1 the input is wrong, 2 usage error. */
  public static final int OK = 0;
  public static final int INPUT_WRONG = 1;
  public static final int USAGE = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Where interactive commands (simulate) read the participant's input: standard input, or a test's script. */
  final Reader in;

  Main(Reader in) {
    this.in = in;
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command line with the given output streams and returns its exit code (tests call this). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(new InputStreamReader(System.in, StandardCharsets.UTF_8), out, err, args);
  }

  /** As {@link #run(java.io.PrintWriter, java.io.PrintWriter, String...)}, reading input from {@code in}. */
  public static int run(Reader in, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Main(in));
    cl.setOut(out);
    cl.setErr(err);
    cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : INPUT_WRONG);
    cl.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println(ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, ex.getCommandLine().getErr());
      ex.getCommandLine().usage(ex.getCommandLine().getErr());
      return USAGE;
    });
    cl.setExecutionExceptionHandler((ex, line, parsed) -> {
      if (ex instanceof CliException) {
        line.getErr().println(ex.getMessage());
      } else {
        line.getErr().println("kabambe: " + ex);
        ex.printStackTrace(line.getErr());
      }
      line.getErr().flush();
      return INPUT_WRONG;
    });
    return cl.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
