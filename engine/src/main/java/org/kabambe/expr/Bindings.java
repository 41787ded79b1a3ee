package org.kabambe.expr;

import java.time.Instant;
import java.util.Map;

/**
 * What an expression or a template can see at one moment of a conversation: {@code answers.*}, {@code vars.*},
 * {@code contact.*}, {@code session.channel}, {@code now} and {@code input}. Values are in the Java forms listed
 * on {@link ValueType}; a name that is absent has not been set yet.
 */
public record Bindings(
    Map<String, Object> answers,
    Map<String, Object> vars,
    Map<String, Object> contact,
    String channel,
    Instant now,
    String input) {}
