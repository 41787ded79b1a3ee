package org.kabambe.handover;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.kabambe.analytics.Questions;
import org.kabambe.analytics.ResultsExport;
import org.kabambe.catalog.Catalog;
import org.kabambe.contact.ContactExporter;
import org.kabambe.contact.ContactStore;
import org.kabambe.export.Pseudonyms;
import org.kabambe.flow.Flow;
import org.kabambe.flow.settings.ContactFields;
import org.kabambe.store.Database;
import org.kabambe.store.StoreException;

/**
 * The whole programme in open formats, for handing it over when it ends (to a ministry, a partner): the flow and
 * campaign files, contacts, results, runs, messages and the daily figures as CSV (UTF-8, RFC 4180, through the
 * one CSV writer; contacts and results through their own exporters), a README.md data dictionary and a
 * SHA256SUMS manifest that {@code sha256sum -c} checks. Numbers and pii fields are pseudonymised unless revealed.
 */
public final class HandOver {
  /** The manifest's file name. */
  public static final String MANIFEST = "SHA256SUMS";

  /** What the hand-over is made of. {@code flowsFolder}: the deployed flow files, when there is such a folder. */
  public record Source(Database database, Optional<Path> flowsFolder, Optional<Catalog> catalog,
                       ContactFields fields, Pseudonyms pseudonyms) {}

  /** Rows written per CSV file (relative path), and the flow files copied. */
  public record Written(Map<String, Long> rows, List<String> flowFiles) {}

  private final Source source;
  private final boolean reveal;

  public HandOver(Source source, boolean reveal) {
    this.source = source;
    this.reveal = reveal;
  }

  /** Writes everything into {@code out} (created; must be empty). Blocking. */
  public Written write(Path out) throws IOException {
    Files.createDirectories(out);
    try (Stream<Path> existing = Files.list(out)) {
      if (existing.findAny().isPresent()) {
        throw new IllegalArgumentException(out + " is not empty; give a new or empty folder for the hand-over");
      }
    }
    var rows = new LinkedHashMap<String, Long>();
    rows.put("contacts.csv", csv(out, "contacts.csv", w -> new ContactExporter(new ContactStore(source.database()),
        source.fields(), reveal ? Optional.empty() : Optional.of(source.pseudonyms())).run(w)));
    var results = new ResultsExport(source.database(), source.pseudonyms());
    for (String flow : flowsWithAnswers()) {
      Questions questions = source.catalog().flatMap(c -> c.flow(flow)).map(Questions::of).orElse(Questions.NONE);
      String file = "results/" + fileName(flow) + ".csv";
      rows.put(file, csv(out, file, w -> results.write(flow, questions, reveal, w)));
    }
    UnaryOperator<String> participant = reveal ? p -> p : source.pseudonyms()::of;
    rows.put("runs.csv", table(out, "runs.csv", "SELECT flow_id, phone AS participant, channel, started_at,"
        + " start_day, status, last_node, ended_at, duration_ms, arm, answers FROM flow_runs"
        + " ORDER BY flow_id, started_at, channel", participant));
    rows.put("messages.csv", table(out, "messages.csv", "SELECT id, phone AS participant, kind, source, status,"
        + " created_at, submitted_at, delivered_at, attempts, provider, " + (reveal ? "text" : "'' AS text")
        + " FROM outbox ORDER BY id", participant));
    for (DataDictionary.Entry figures : DataDictionary.FIGURES) {
      String table = figures.file().substring("figures/".length(), figures.file().length() - ".csv".length());
      rows.put(figures.file(), table(out, figures.file(), "SELECT * FROM " + table + " ORDER BY 1, 2, 3",
          participant));
    }
    List<String> flowFiles = copyFlows(out);
    Files.writeString(out.resolve("README.md"), new Readme(source, reveal).text(rows.keySet(), flowFiles),
        StandardCharsets.UTF_8);
    writeManifest(out);
    return new Written(rows, flowFiles);
  }

  private interface CsvBody {
    long write(Writer w) throws IOException;
  }

  private static long csv(Path out, String file, CsvBody body) throws IOException {
    Path path = out.resolve(file);
    Files.createDirectories(path.getParent());
    try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      return body.write(w);
    }
  }

  private long table(Path out, String file, String sql, UnaryOperator<String> participant) throws IOException {
    return csv(out, file, w -> TableCsv.write(source.database(), sql, participant, w));
  }

  private List<String> flowsWithAnswers() {
    try (var c = source.database().connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT DISTINCT flow_id FROM answers ORDER BY flow_id")) {
      var ids = new ArrayList<String>();
      while (rs.next()) ids.add(rs.getString(1));
      return ids;
    } catch (SQLException e) {
      throw new StoreException("cannot read the answers of " + source.database().location() + ": "
          + e.getMessage(), e);
    }
  }

  static String fileName(String flowId) {
    return flowId.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** The deployed flow folder as it is (flows, campaigns, fields, translations, flow tests); hidden files stay. */
  private List<String> copyFlows(Path out) throws IOException {
    var copied = new ArrayList<String>();
    if (source.flowsFolder().isEmpty() || !Files.isDirectory(source.flowsFolder().get())) return copied;
    Path from = source.flowsFolder().get();
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        Path rel = from.relativize(f);
        if (rel.toString().startsWith(".") || rel.getFileName().toString().startsWith(".")) continue;
        Path to = out.resolve("flows").resolve(rel.toString());
        Files.createDirectories(to.getParent());
        Files.copy(f, to);
        copied.add("flows/" + rel.toString().replace('\\', '/'));
      }
    }
    return copied;
  }

  /** {@code sha256sum} format: the hex digest, two spaces, the path relative to the folder; every file but itself. */
  private static void writeManifest(Path out) throws IOException {
    var lines = new StringBuilder();
    try (Stream<Path> files = Files.walk(out)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String rel = out.relativize(f).toString().replace('\\', '/');
        if (rel.equals(MANIFEST)) continue;
        lines.append(sha256(f)).append("  ").append(rel).append('\n');
      }
    }
    Files.writeString(out.resolve(MANIFEST), lines.toString(), StandardCharsets.UTF_8);
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** The loaded flows' versions, for the README (the files themselves say the rest). */
  static List<Flow> loaded(Optional<Catalog> catalog) {
    return catalog.map(c -> List.copyOf(c.flows().values())).orElse(List.of());
  }
}
