package io.github.grpcaio.codegen;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import java.util.List;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * The Java names protoc's Java generator and grpc-java's generator give to proto elements, so that
 * generated code can refer to the message classes and to {@code XxxGrpc}; and the names this plugin
 * gives to methods.
 */
final class JavaNames {

  /**
   * The Java release whose reserved words (keywords, the literals {@code true}, {@code false} and
   * {@code null}, and {@code _}; not contextual words such as {@code record}) get escaped.
   */
  private static final SourceVersion KEYWORDS_OF = SourceVersion.RELEASE_17;

  /**
   * Methods of {@code java.lang.Object}: a stub method of that name could not be declared (for
   * example {@code getClass()}, which is final) or would silently override it ({@code hashCode()}),
   * so these are escaped like keywords.
   */
  static final Set<String> OBJECT_METHODS =
      Set.of(
          "getClass",
          "hashCode",
          "equals",
          "clone",
          "toString",
          "notify",
          "notifyAll",
          "wait",
          "finalize");

  private JavaNames() {}

  /**
   * The Java package of a file's classes: {@code java_package}, else the proto package.
   *
   * @param file the file
   * @return the package, possibly empty
   */
  static String javaPackage(FileDescriptorProto file) {
    return file.getOptions().hasJavaPackage()
        ? file.getOptions().getJavaPackage()
        : file.getPackage();
  }

  /**
   * Whether the file's top-level messages, enums and services get their own Java files.
   *
   * @param file the file
   * @return {@code java_multiple_files}
   */
  static boolean multipleFiles(FileDescriptorProto file) {
    return file.getOptions().getJavaMultipleFiles();
  }

  /**
   * The outer class of a file as protoc names it: {@code java_outer_classname}, else the file's
   * base name in UpperCamelCase, with {@code OuterClass} appended if a message, enum or service of
   * the file has that name.
   *
   * @param file the file
   * @return the simple name of the outer class
   */
  static String outerClassName(FileDescriptorProto file) {
    if (file.getOptions().hasJavaOuterClassname()) {
      return file.getOptions().getJavaOuterClassname();
    }
    String base = file.getName();
    base = base.substring(base.lastIndexOf('/') + 1);
    if (base.endsWith(".protodevel")) {
      base = base.substring(0, base.length() - ".protodevel".length());
    } else if (base.endsWith(".proto")) {
      base = base.substring(0, base.length() - ".proto".length());
    }
    String name = underscoresToCamelCase(base, true);
    return hasConflictingClassName(file, name) ? name + "OuterClass" : name;
  }

  private static boolean hasConflictingClassName(FileDescriptorProto file, String name) {
    for (EnumDescriptorProto e : file.getEnumTypeList()) {
      if (e.getName().equals(name)) {
        return true;
      }
    }
    for (ServiceDescriptorProto s : file.getServiceList()) {
      if (s.getName().equals(name)) {
        return true;
      }
    }
    return anyMessageNamed(file.getMessageTypeList(), name);
  }

  private static boolean anyMessageNamed(List<DescriptorProto> messages, String name) {
    for (DescriptorProto m : messages) {
      if (m.getName().equals(name) || anyMessageNamed(m.getNestedTypeList(), name)) {
        return true;
      }
      for (EnumDescriptorProto e : m.getEnumTypeList()) {
        if (e.getName().equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * protoc's {@code UnderscoresToCamelCase}: letters after a non-alphanumeric character or a digit
   * are upper-cased, non-alphanumeric characters are dropped.
   *
   * @param input the name
   * @param capFirst whether the first letter is upper-cased
   * @return the camel-case name
   */
  static String underscoresToCamelCase(String input, boolean capFirst) {
    StringBuilder result = new StringBuilder();
    boolean capNext = capFirst;
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c >= 'a' && c <= 'z') {
        result.append(capNext ? Character.toUpperCase(c) : c);
        capNext = false;
      } else if (c >= 'A' && c <= 'Z') {
        result.append(i == 0 && !capFirst ? Character.toLowerCase(c) : c);
        capNext = false;
      } else if (c >= '0' && c <= '9') {
        result.append(c);
        capNext = true;
      } else {
        capNext = true;
      }
    }
    return result.toString();
  }

  /**
   * grpc-java's name for a method, before escaping: the first character lower-cased, underscores
   * removed and the character after each upper-cased ({@code SayHello} and {@code say_hello} give
   * {@code sayHello}).
   *
   * @param protoName the method's name in the proto
   * @return the lowerCamelCase name
   */
  static String mixedLower(String protoName) {
    StringBuilder w = new StringBuilder();
    w.append(Character.toLowerCase(protoName.charAt(0)));
    boolean afterUnderscore = false;
    for (int i = 1; i < protoName.length(); i++) {
      char c = protoName.charAt(i);
      if (c == '_') {
        afterUnderscore = true;
      } else {
        w.append(afterUnderscore ? Character.toUpperCase(c) : c);
        afterUnderscore = false;
      }
    }
    return w.toString();
  }

  /**
   * grpc-java's UpperCamelCase of a name: as {@link #mixedLower} but with the first character
   * upper-cased.
   *
   * @param protoName the name
   * @return the UpperCamelCase name
   */
  static String mixedUpper(String protoName) {
    String lower = mixedLower(protoName);
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }

  /**
   * The Java method name of an RPC in the generated stub and servicer: {@link #mixedLower}, with
   * {@code _} appended to Java keywords (as grpc-java does) and to the methods of {@code Object}.
   *
   * @param protoName the method's name in the proto
   * @return a legal, non-clashing Java method name
   */
  static String methodName(String protoName) {
    String name = mixedLower(protoName);
    return SourceVersion.isKeyword(name, KEYWORDS_OF) || OBJECT_METHODS.contains(name)
        ? name + "_"
        : name;
  }

  /**
   * The static accessor of the method descriptor in grpc-java's {@code XxxGrpc}: {@code
   * getSayHelloMethod} for {@code SayHello}.
   *
   * @param protoName the method's name in the proto
   * @return the accessor's name
   */
  static String grpcMethodGetter(String protoName) {
    return "get" + mixedUpper(protoName) + "Method";
  }

  /**
   * Prefixes a simple class name with a package.
   *
   * @param javaPackage the package, possibly empty
   * @param simpleName the class name
   * @return the qualified name
   */
  static String qualify(String javaPackage, String simpleName) {
    return javaPackage.isEmpty() ? simpleName : javaPackage + "." + simpleName;
  }
}
