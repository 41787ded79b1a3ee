package org.kabambe.contact;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stored form of a contact's groups ({@code contacts.group_list}): {@code ;a;b;}, delimited on both sides so
 * that {@code group_list LIKE '%;a;%'} finds members of {@code a} and nothing else.
 */
public final class Groups {
  private Groups() {}

  public static String encode(List<String> groups) {
    if (groups.isEmpty()) return "";
    return ";" + String.join(";", groups) + ";";
  }

  public static List<String> decode(Optional<String> stored) {
    if (stored.isEmpty() || stored.get().isEmpty()) return List.of();
    var out = new ArrayList<String>();
    for (String g : stored.get().split(";")) if (!g.isEmpty()) out.add(g);
    return out;
  }

  /** The LIKE pattern matching members of {@code group} (group names cannot contain ';', '%' or '_'). */
  public static String likePattern(String group) {
    return "%;" + group + ";%";
  }
}
