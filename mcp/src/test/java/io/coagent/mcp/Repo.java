package io.coagent.mcp;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, found from the module directory Maven runs tests in. */
public final class Repo {
  private Repo() {}

  public static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("docs/agents.md"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("docs/agents.md not found above "
          + Path.of("").toAbsolutePath());
    }
    return p;
  }
}
