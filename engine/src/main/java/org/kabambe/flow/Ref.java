package org.kabambe.flow;

import org.kabambe.diag.SourcePos;

/** A reference to a node by id (a {@code goto}, {@code next}, {@code else}), with where it was written. */
public record Ref(String node, SourcePos pos) {}
