package org.kabambe.flow.parse;

import java.util.Optional;
import org.kabambe.flow.Ref;
import org.kabambe.flow.yaml.YamlValue;

/** Reads a node reference ({@code goto}, {@code next}, {@code else}, ...) at the position of its text. */
final class RefReader {
  private RefReader() {}

  static Optional<Ref> read(YamlValue v) {
    return v.text().flatMap(id -> {
      if (!Names.isNodeId(id)) {
        v.error(v.what() + " should name a node; '" + id + "' is not a node id (letters, digits, '_' and '-')");
        return Optional.empty();
      }
      return Optional.of(new Ref(id, v.pos()));
    });
  }
}
