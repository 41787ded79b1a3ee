package org.kabambe.api;

import org.kabambe.contact.ParsedNumber;
import org.kabambe.erasure.Erasure;

/** How the running server forgets a participant (the erasure, its rollup held, and its cached state dropped). */
public interface Forgetting {
  /** The number as the server files it (E.164), or why it is not a number. */
  ParsedNumber parse(String raw);

  Erasure.Outcome forget(String phone, String actor);
}
