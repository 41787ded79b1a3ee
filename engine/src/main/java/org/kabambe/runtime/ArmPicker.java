package org.kabambe.runtime;

/**
 * Chooses a random-split arm. Seeded per participant and split (a deployment seed, the phone number, the flow
 * and the node), so a participant who comes back gets the same arm and a run can be reproduced.
 */
@FunctionalInterface
public interface ArmPicker {
  /** A number in [0, totalWeight) for this participant at this split. */
  int pick(String phone, String flowId, String nodeId, int totalWeight);

  /** Deterministic picks from a 64-bit hash of the seed, phone, flow and node (no shared mutable state). */
  static ArmPicker seeded(long seed) {
    return (phone, flowId, nodeId, total) -> {
      long h = seed ^ 0x9E3779B97F4A7C15L;
      for (String s : new String[] {phone, flowId, nodeId}) {
        for (int i = 0; i < s.length(); i++) h = mix(h ^ s.charAt(i));
        h = mix(h ^ 0xFF);
      }
      return (int) Long.remainderUnsigned(mix(h), total);
    };
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
