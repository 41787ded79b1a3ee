package org.kabambe.diag;

/** A value read from a file together with where it was written. */
public record Located<T>(T value, SourcePos pos) {}
