package io.pgsnap.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@link Identifiers#quoteIdent} against the server's own {@code quote_ident}. */
class QuoteIdentIT {
  /** Names that are no keywords, one for each way quote_ident decides. */
  private static final String SAMPLES =
      "ARRAY['orders', '_x1', 'Orders', '1a', 'a$b', 'a.b', 'ü', '', 'say \"hi\"', 'it''s']";

  @AcrossServers
  void quoteIdentQuotesEveryKeywordAndNameAsTheServerDoes(PgServer server) throws SQLException {
    Map<String, String> serverQuoted = new TreeMap<>();
    Set<String> serverKeywords = new TreeSet<>();
    try (TestDatabase db = server.createDatabase();
        Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT word, pg_catalog.quote_ident(word), catcode <> 'U'"
                    + " FROM pg_catalog.pg_get_keywords()"
                    + " UNION ALL SELECT w, pg_catalog.quote_ident(w), false"
                    + " FROM pg_catalog.unnest("
                    + SAMPLES
                    + ") AS w")) {
      while (rs.next()) {
        serverQuoted.put(rs.getString(1), rs.getString(2));
        if (rs.getBoolean(3)) {
          serverKeywords.add(rs.getString(1));
        }
      }
    }

    Map<String, String> ours = new TreeMap<>();
    serverQuoted.keySet().forEach(word -> ours.put(word, Identifiers.quoteIdent(word)));
    Map<String, String> expected = new TreeMap<>(serverQuoted);
    // Older servers print bare a few words that 18 quotes: words that were no keywords yet (and so
    // are not in their list at all), and json, an unreserved keyword on 16 only. Quoting them
    // anyway names the same object; any other difference is a bug.
    Identifiers.QUOTED_KEYWORDS.stream()
        .filter(word -> expected.containsKey(word) && !serverKeywords.contains(word))
        .forEach(word -> expected.put(word, Identifiers.quote(word)));
    assertEquals(expected, ours);
    if (server.major() >= 18) {
      // The newest server must list exactly ours, so a keyword a new major adds shows up here.
      assertEquals(serverKeywords, new TreeSet<>(Identifiers.QUOTED_KEYWORDS));
    }
  }
}
