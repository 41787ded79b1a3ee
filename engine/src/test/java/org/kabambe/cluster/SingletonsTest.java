package org.kabambe.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kabambe.store.Database;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.PostgresServer;

/**
 * Two nodes on one PostgreSQL database: each singleton runs on exactly one, and when the holder's session dies
 * (its backend terminated, as when its process is killed) the other takes over within seconds while the old
 * holder stops; on H2 a lone process holds everything.
 */
class SingletonsTest {
  static final Duration PERIOD = Duration.ofMillis(200);
  static final List<String> NAMES = List.of("campaigns", "smpp:acme", "rollup");
  final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) closing.get(i).close();
  }

  /** A listener that records what it was told, in order. */
  static final class Journal implements Singletons.Listener {
    final List<String> told = new CopyOnWriteArrayList<>();
    final String name;

    Journal(String name) {
      this.name = name;
    }

    @Override
    public void gained() {
      told.add("gained " + name);
    }

    @Override
    public void lost() {
      told.add("lost " + name);
    }
  }

  @Test
  void eachSingletonRunsOnExactlyOneNode() throws Exception {
    String url = PostgresServer.shared().newDatabase();
    Singletons a = node(url, "a");
    Singletons b = node(url, "b");
    List<Journal> journals = new ArrayList<>();
    for (String name : NAMES) { // interleaved, so both nodes are candidates while the other already holds some
      for (Singletons node : List.of(b, a)) {
        var journal = new Journal(name);
        journals.add(journal);
        node.register(name, journal);
      }
    }
    long aBefore = a.rounds();
    long bBefore = b.rounds();
    await(() -> a.rounds() >= aBefore + 3 && b.rounds() >= bBefore + 3,
        "several rounds in which the non-holder tries again");
    for (String name : NAMES) {
      assertTrue(a.holds(name) ^ b.holds(name), name + " held by exactly one node: a " + a.held() + ", b " + b.held());
    }
    assertEquals(NAMES.size(), a.held().size() + b.held().size());
    await(() -> journals.stream().mapToInt(j -> j.told.size()).sum() == NAMES.size(), "one gain per name");
    assertTrue(journals.stream().allMatch(j -> j.told.size() <= 1 && !j.told.contains("lost " + j.name)),
        journals.stream().map(j -> j.told).toList().toString());
  }

  @Test
  void whenTheHoldersSessionDiesTheOtherNodeTakesOverAndTheOldHolderStops() throws Exception {
    var server = PostgresServer.shared();
    String url = server.newDatabase();
    Singletons a = node(url, "a");
    var aJournal = new Journal("campaigns");
    a.register("campaigns", aJournal);
    assertTrue(a.holds("campaigns"), "the first node holds it as soon as it registers");
    Singletons b = node(url, "b");
    var bJournal = new Journal("campaigns");
    b.register("campaigns", bJournal);
    assertFalse(b.holds("campaigns"));

    try (var admin = java.sql.DriverManager.getConnection(url);
         var kill = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
             + " WHERE application_name = 'kabambe singletons a'")) {
      try (var rs = kill.executeQuery()) {
        assertTrue(rs.next() && rs.getBoolean(1), "node a's lock session found and ended");
      }
    }
    long start = System.nanoTime();
    await(() -> b.holds("campaigns"), "node b takes over");
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "within seconds");
    await(() -> aJournal.told.equals(List.of("gained campaigns", "lost campaigns")), "node a stops its job");
    assertFalse(a.holds("campaigns"));
    await(() -> bJournal.told.equals(List.of("gained campaigns")), "node b starts the job");

    long aBefore = a.rounds();
    await(() -> a.rounds() >= aBefore + 3, "a reconnects as a candidate, and stays one while b holds the lock");
    assertFalse(a.holds("campaigns"), "node a does not take the job back while b holds it");
    b.close(); // b stops for good: its session ends and a takes over again
    await(() -> a.holds("campaigns"), "node a takes over when b closes");
    assertEquals(List.of("gained campaigns", "lost campaigns"), bJournal.told);
  }

  @Test
  void aLoneH2ProcessHoldsEverySingleton() {
    Database db = Database.open(Database.IN_MEMORY);
    closing.add(db);
    var singletons = Singletons.start(db, "solo");
    closing.add(singletons);
    for (String name : NAMES) singletons.register(name, Singletons.Listener.NONE);
    assertEquals(NAMES.stream().sorted().toList(), singletons.held());
  }

  @Test
  void keysAreStableAcrossBuilds() {
    // Nodes of different builds must contend for the same lock: a changed key would let two of them run a job.
    assertEquals(KEY_OF_CAMPAIGNS, SingletonKey.of("campaigns"));
    assertFalse(SingletonKey.of("campaigns") == SingletonKey.of("broadcasts"));
  }

  static final long KEY_OF_CAMPAIGNS = 5066818242637324259L;

  private Singletons node(String url, String name) {
    Database db = Database.open(url);
    closing.add(db);
    Singletons singletons = Singletons.start(db, name, PERIOD);
    closing.add(singletons);
    return singletons;
  }

  private static void await(BooleanSupplier condition, String what) {
    Eventually.until(what, Duration.ofSeconds(10), condition);
  }
}
