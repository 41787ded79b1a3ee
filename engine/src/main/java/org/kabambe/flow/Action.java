package org.kabambe.flow;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.kabambe.diag.SourcePos;
import org.kabambe.expr.Expression;
import org.kabambe.expr.Template;

/**
 * Something a {@code do} list makes happen. Each kind is one record; the YAML key names the kind. Code that must
 * handle every kind goes through {@link #accept}: a new kind adds a {@link Visitor} method, so each such place
 * fails to compile until it handles it (Java 17 has no exhaustive switch over a sealed type).
 */
public sealed interface Action {
  SourcePos pos();

  /** Calls the {@code visitor} method for this action's kind. */
  <R> R accept(Visitor<R> visitor);

  /** One method per kind of action. */
  interface Visitor<R> {
    R setVar(SetVar action);

    R setContact(SetContact action);

    R setLanguage(SetLanguage action);

    R sendSms(SendSms action);

    R subscribe(Subscribe action);

    R unsubscribe(Unsubscribe action);

    R optOut(OptOut action);

    R optIn(OptIn action);

    R tag(Tag action);

    R webhook(Webhook action);
  }

  /** Where the flow goes when this action fails (only webhooks can). */
  default Optional<Ref> onError() {
    return Optional.empty();
  }

  /** {@code set: {name: CEL}}: a session variable, read as {@code vars.name}. */
  record SetVar(String name, Expression value, SourcePos pos) implements Action {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.setVar(this);
    }
  }

  /** {@code contact: {field: CEL}}: saves a declared contact field. */
  record SetContact(String field, Expression value, SourcePos pos) implements Action {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.setContact(this);
    }
  }

  /** {@code language: CEL}: switches the participant's language (must be one of the flow's). */
  record SetLanguage(Expression value, SourcePos pos) implements Action {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.setLanguage(this);
    }
  }

  /** {@code sms: text}: an SMS to the participant, sent after the USSD session (or at once in SMS flows). */
  record SendSms(Text text, SourcePos pos) implements Action {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.sendSms(this);
    }
  }

  record Subscribe(String campaign, SourcePos pos) implements Action {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.subscribe(this);
    }
  }

  record Unsubscribe(String campaign, SourcePos pos) implements Action {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.unsubscribe(this);
    }
  }

  record OptOut(SourcePos pos) implements Action {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.optOut(this);
    }
  }

  record OptIn(SourcePos pos) implements Action {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.optIn(this);
    }
  }

  /** {@code tag: label}: marks the contact (e.g. completed-survey), for segments and measurement. */
  record Tag(String label, SourcePos pos) implements Action {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.tag(this);
    }
  }

  /**
   * {@code webhook: {url, method, headers, body, save, timeout, on_error}}: an HTTP call whose JSON result is
   * saved as {@code vars.<save>}; a failure goes to {@code on_error}.
   */
  record Webhook(Template url, String method, Map<String, Template> headers, Optional<Template> body,
                 Optional<String> save, Duration timeout, Optional<Ref> onError, SourcePos pos) implements Action {
    public Webhook {
      headers = Map.copyOf(headers);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.webhook(this);
    }
  }
}
