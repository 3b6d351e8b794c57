package io.coagent.flyway.internal;

import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.parser.Parser;
import org.flywaydb.core.internal.parser.ParsingContext;

/** Splits migration scripts into statements: standard SQL lexing, {@code ;} as delimiter. */
public final class CoAgentFlywayParser extends Parser {
  /** Three keywords of look-ahead, enough for CoAgent's statement kinds. */
  public CoAgentFlywayParser(Configuration configuration, ParsingContext parsingContext) {
    super(configuration, parsingContext, 3);
  }
}
