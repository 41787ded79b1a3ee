package org.kabambe.api;

/** A small CSV answer (already written by {@link org.kabambe.export.Csv}), sent as a download named {@code name}. */
record CsvFile(String name, String body) {}
