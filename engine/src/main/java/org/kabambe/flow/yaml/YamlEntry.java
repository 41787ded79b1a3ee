package org.kabambe.flow.yaml;

import org.kabambe.diag.SourcePos;

/** One {@code key: value} pair of a mapping, with where the key was written. */
public record YamlEntry(String key, SourcePos keyPos, YamlValue value) {}
