package io.coagent.mcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coagent.session.SqlConnection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Session binding: one identity per MCP session id; idle sessions are closed. */
class SessionsTest {
  private static Sessions.Opener mem(String url) {
    return new Sessions.Opener() {
      @Override
      public SqlConnection open(Sessions.Identity id) throws SQLException {
        return SqlConnection.open(url + ";agent=" + id.agent());
      }

      @Override
      public SqlConnection observer(Sessions.Identity id) {
        return null;
      }
    };
  }

  @Test
  void aSessionId_staysWithTheAgentThatOpenedIt() {
    try (Sessions s = new Sessions(mem("jdbc:coagent:mem:sessions-bind"), null)) {
      Sessions.Identity a = new Sessions.Identity("a", "default");
      Sessions.Identity b = new Sessions.Identity("b", "default");
      assertEquals("a", s.of("sid", a).agent());
      ToolCatalog.IdentityException e = assertThrows(ToolCatalog.IdentityException.class,
          () -> s.of("sid", b));
      assertEquals("42501", e.state);
      assertTrue(e.getMessage().contains("belongs to agent a"), e.getMessage());
    }
  }

  @Test
  void idleSessions_areClosed_whenTheNextSessionOpens() {
    try (Sessions s = new Sessions(mem("jdbc:coagent:mem:sessions-idle"), null, 0)) {
      AgentSession first = s.of("one", new Sessions.Identity("a", "default"));
      s.of("two", new Sessions.Identity("b", "default"));
      assertEquals(1, s.size());
      SQLException e = assertThrows(SQLException.class, () -> first.schema());
      assertEquals("08003", e.getSQLState());
    }
  }
}
