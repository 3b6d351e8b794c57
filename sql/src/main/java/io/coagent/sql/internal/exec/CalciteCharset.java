package io.coagent.sql.internal.exec;

import org.apache.calcite.config.CalciteSystemProperty;

/**
 * Calcite types string literals in ISO-8859-1 unless told otherwise, so a query or UPDATE with
 * {@code '中文'} or an emoji fails to plan ("Failed to encode"). Calcite reads its default
 * charset once, from system properties, when {@link CalciteSystemProperty} is first loaded; this
 * sets them to UTF-8 before that (unless the application chose its own) and reports if it is too
 * late.
 */
final class CalciteCharset {
  private static final String UTF8 = "UTF-8";

  private CalciteCharset() {}

  static void useUnicode() {
    System.getProperties().putIfAbsent("calcite.default.charset", UTF8);
    System.getProperties().putIfAbsent("calcite.default.nationalcharset", UTF8);
    System.getProperties().putIfAbsent("calcite.default.collation.name", UTF8 + "$en_US");
    if (!UTF8.equals(CalciteSystemProperty.DEFAULT_CHARSET.value())) {
      java.util.logging.Logger.getLogger(CalciteCharset.class.getName()).warning(
          "Calcite's default charset is " + CalciteSystemProperty.DEFAULT_CHARSET.value()
              + ": string literals outside it will not plan; set -Dcalcite.default.charset=UTF-8");
    }
  }
}
