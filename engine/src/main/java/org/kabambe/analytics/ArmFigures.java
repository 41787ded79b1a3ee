package org.kabambe.analytics;

/** One arm of a random split ({@code node/arm:target}): its runs, participants and completions. */
public record ArmFigures(String arm, long runs, long participants, long completed) {
  public double completionRate() {
    return runs == 0 ? 0 : (double) completed / runs;
  }
}
