package io.coagent.sql.internal.exec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.coagent.engine.SqlState;
import io.coagent.engine.TableDef;
import java.io.IOException;
import java.sql.SQLException;

/**
 * Validates the text stored in a JSON column: exactly one well-formed JSON value (RFC 8259 as
 * Jackson's strict defaults read it: no comments, no single quotes, no NaN, no trailing text).
 * Runs on every value written through SQL (INSERT, UPDATE, MERGE) via {@link ValueCoercer}; a bad
 * document fails the statement with SQLState 22032 ("invalid JSON text") naming table and column,
 * and the statement has no effect. Documents are stored as written (not normalized).
 */
final class JsonDocuments {
  /** SQL:2016 "invalid JSON text". */
  static final String INVALID_JSON = SqlState.INVALID_JSON_TEXT.code();

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonDocuments() {}

  static String validate(TableDef def, String column, String text) throws SQLException {
    try (JsonParser p = FACTORY.createParser(text)) {
      if (p.nextToken() == null) {
        throw invalid(def, column, text, "the text is empty");
      }
      p.skipChildren();
      JsonToken extra = p.nextToken();
      if (extra != null) {
        throw invalid(def, column, text, "unexpected " + extra + " after the document at line "
            + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr());
      }
      return text;
    } catch (JsonParseException e) {
      throw invalid(def, column, text, e.getOriginalMessage() + " at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
    } catch (IOException e) {
      throw invalid(def, column, text, e.getMessage());
    }
  }

  private static SQLException invalid(TableDef def, String column, String text, String why) {
    String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
    return new SQLException("column " + column + " of table " + def.name() + " holds JSON "
        + "documents; '" + shown + "' is not valid JSON (" + why + "): store a complete JSON "
        + "value, with double-quoted keys and strings", INVALID_JSON);
  }
}
