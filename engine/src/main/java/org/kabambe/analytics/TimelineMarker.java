package org.kabambe.analytics;

import java.time.Instant;

/**
 * Something that happened on the timeline's axis: a broadcast sent ({@code kind} "broadcast", {@code ref} its id)
 * or a flow version first served ("version", {@code ref} its content hash). {@code flowId}: the flow a version
 * belongs to or a broadcast starts, "" for a text broadcast.
 */
public record TimelineMarker(Instant at, String kind, String name, String flowId, String ref) {}
