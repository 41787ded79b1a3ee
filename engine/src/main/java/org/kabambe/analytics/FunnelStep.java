package org.kabambe.analytics;

/** One node of a flow's funnel: runs that reached it, and runs whose last node it was when they left. */
public record FunnelStep(String nodeId, long reached, long left) {}
