package org.kabambe.runtime;

import java.util.Optional;
import org.kabambe.flow.Action;

/**
 * Runs one action of a {@code do} list within a {@link Step}. A visitor, so that a new kind of action does not
 * compile until it is handled here rather than silently doing nothing. Only a webhook suspends the step.
 */
final class ActionRun implements Action.Visitor<Optional<StepResult>> {
  private static final Optional<StepResult> GO_ON = Optional.empty();

  private final Step step;
  private final int index;
  private final String nodeId;

  /** @param index the action's place in its list, where the step resumes after a webhook */
  ActionRun(Step step, int index) {
    this.step = step;
    this.index = index;
    this.nodeId = step.top().nodeId();
  }

  @Override
  public Optional<StepResult> setVar(Action.SetVar a) {
    step.value(a.value(), nodeId).ifPresent(v -> step.setVar(a.name(), v));
    return GO_ON;
  }

  @Override
  public Optional<StepResult> setContact(Action.SetContact a) {
    step.value(a.value(), nodeId).ifPresent(v -> {
      step.setContact(a.field(), v);
      step.effects.add(new Effect.ContactUpdated(a.field(), v));
    });
    return GO_ON;
  }

  @Override
  public Optional<StepResult> setLanguage(Action.SetLanguage a) {
    step.value(a.value(), nodeId).ifPresent(v -> {
      step.language = v.toString();
      step.setContact("language", step.language);
      step.effects.add(new Effect.LanguageChanged(step.language));
    });
    return GO_ON;
  }

  @Override
  public Optional<StepResult> sendSms(Action.SendSms a) {
    return effect(new Effect.SmsQueued(step.render(a.text())));
  }

  @Override
  public Optional<StepResult> subscribe(Action.Subscribe a) {
    return effect(new Effect.Subscribed(a.campaign()));
  }

  @Override
  public Optional<StepResult> unsubscribe(Action.Unsubscribe a) {
    return effect(new Effect.Unsubscribed(a.campaign()));
  }

  @Override
  public Optional<StepResult> optOut(Action.OptOut a) {
    return effect(new Effect.OptedOut());
  }

  @Override
  public Optional<StepResult> optIn(Action.OptIn a) {
    return effect(new Effect.OptedIn());
  }

  @Override
  public Optional<StepResult> tag(Action.Tag a) {
    return effect(new Effect.Tagged(a.label()));
  }

  @Override
  public Optional<StepResult> webhook(Action.Webhook a) {
    return Optional.of(step.suspendFor(a, index));
  }

  private Optional<StepResult> effect(Effect effect) {
    step.effects.add(effect);
    return GO_ON;
  }
}
