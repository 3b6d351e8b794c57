package io.coagent.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The {@code exec:java} commands the docs give for this module run what they name. A
 * {@code <mainClass>} in the exec plugin's configuration silently wins over
 * {@code -Dexec.mainClass}, which once made the documented full-benchmark command run the demo;
 * the default must come from the {@code exec.mainClass} property instead.
 */
class RunCommandsTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern MAIN_CLASS = Pattern.compile("-Dexec\\.mainClass=([\\w.]+)");

  @Test
  void samplesPom_takesItsDefaultMainClassFromTheOverridableProperty() throws IOException {
    String pom = Files.readString(ROOT.resolve("samples/pom.xml"));
    assertTrue(pom.contains("<exec.mainClass>io.coagent.samples.Demo</exec.mainClass>"), pom);
    assertFalse(pom.contains("</mainClass>"), "a configured mainClass overrides the command line");
  }

  @Test
  void everyDocumentedSamplesMainClass_hasAPublicStaticMain() throws Exception {
    List<String> named = new ArrayList<>();
    for (Path doc : docs()) {
      // Commands wrap over lines ending in '\'; join them so a command is one line.
      String text = Files.readString(doc).replace("\\\n", " ");
      for (String line : text.split("\n")) {
        if (!line.contains("-pl samples") || !line.contains("exec:java")) {
          continue;
        }
        Matcher m = MAIN_CLASS.matcher(line);
        while (m.find()) {
          named.add(m.group(1));
          Method main = Class.forName(m.group(1)).getMethod("main", String[].class);
          assertTrue(Modifier.isStatic(main.getModifiers()), m.group(1) + " in " + doc);
        }
      }
    }
    assertTrue(named.contains("io.coagent.samples.runner.BenchCli"), named.toString());
    assertEquals(named.size(), named.stream().filter(n -> n.startsWith("io.coagent.")).count());
  }

  private static List<Path> docs() throws IOException {
    List<Path> out = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> s = Files.walk(ROOT.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
    }
    return out;
  }
}
