package org.kabambe.analytics;

/** How many answers a question got with one value, within one breakdown group ("" when not broken down). */
public record AnswerCount(String nodeId, String name, String value, String group, long count) {}
