package org.kabambe.runtime;

/**
 * Told of every interpreter step a service takes for a participant (tools: the nodes flow tests visit, including
 * those that show nothing and so leave no event). Called on the hop's thread, before the hop commits; must be quick.
 */
@FunctionalInterface
public interface StepListener {
  StepListener NONE = (phone, step) -> { };

  void stepped(String phone, StepResult step);
}
