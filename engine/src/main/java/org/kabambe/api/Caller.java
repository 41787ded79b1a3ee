package org.kabambe.api;

/** Who is calling the API: the token's id, name and role. */
public record Caller(long tokenId, String name, Role role) {}
