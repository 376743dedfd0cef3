package io.github.grpcaio.codegen;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo.Location;
import java.util.ArrayList;
import java.util.List;

/** Proto comments made safe for javadoc. */
final class Javadoc {

  /** {@code FileDescriptorProto.service} */
  static final int SERVICE_FIELD = 6;

  /** {@code ServiceDescriptorProto.method} */
  static final int METHOD_FIELD = 2;

  private Javadoc() {}

  /**
   * Returns the comment attached to an element: its leading comment, else its trailing one.
   *
   * @param file the file, with its {@code source_code_info} (protoc sends it for the files to
   *     generate)
   * @param path the element's path, for example {@code [6, 0, 2, 1]} for the second method of the
   *     first service
   * @return the comment, empty if there is none
   */
  static String comment(FileDescriptorProto file, List<Integer> path) {
    for (Location location : file.getSourceCodeInfo().getLocationList()) {
      if (location.getPathList().equals(path)) {
        if (!location.getLeadingComments().isBlank()) {
          return location.getLeadingComments();
        }
        return location.getTrailingComments();
      }
    }
    return "";
  }

  /**
   * Escapes text for a javadoc comment, as protoc's {@code EscapeJavadoc} does: {@code *}{@code /}
   * cannot end the comment, {@code @} cannot start a tag, {@code <}, {@code >} and {@code &} are
   * not HTML, and a backslash cannot start a unicode escape.
   *
   * @param text the text
   * @return the escaped text
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    char prev = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '*' -> out.append(prev == '/' ? "&#42;" : "*");
        case '/' -> out.append(prev == '*' ? "&#47;" : "/");
        case '@' -> out.append("&#64;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '\\' -> out.append("&#92;");
        default -> out.append(c);
      }
      prev = c;
    }
    return out.toString();
  }

  /**
   * Returns the lines of a javadoc {@code <pre>} block holding a proto comment, or nothing if the
   * comment is blank.
   *
   * @param comment the raw comment
   * @return lines without the leading {@code " * "}, trailing whitespace removed
   */
  static List<String> preBlock(String comment) {
    List<String> lines = new ArrayList<>();
    if (comment.isBlank()) {
      return lines;
    }
    String[] raw = comment.split("\n", -1);
    int end = raw.length;
    while (end > 0 && raw[end - 1].isBlank()) {
      end--;
    }
    lines.add("<pre>");
    for (int i = 0; i < end; i++) {
      lines.add(escape(raw[i].stripTrailing()));
    }
    lines.add("</pre>");
    return lines;
  }
}
