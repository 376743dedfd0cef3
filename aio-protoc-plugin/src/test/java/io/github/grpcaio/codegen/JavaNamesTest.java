package io.github.grpcaio.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The naming rules, against what protoc and grpc-java produce. */
class JavaNamesTest {

  @ParameterizedTest
  @CsvSource({
    "SayHello, sayHello, getSayHelloMethod",
    "say_hello, sayHello, getSayHelloMethod",
    "count_options, countOptions, getCountOptionsMethod",
    "HTTPGet, hTTPGet, getHTTPGetMethod",
    "Default, default_, getDefaultMethod",
    "class, class_, getClassMethod",
    "New, new_, getNewMethod",
    "GetClass, getClass_, getGetClassMethod",
    "HashCode, hashCode_, getHashCodeMethod",
    "Wait, wait_, getWaitMethod",
    "Record, record, getRecordMethod",
  })
  void methodNames_followGrpcJava_andEscapeReservedNames(
      String proto, String javaName, String getter) {
    assertThat(JavaNames.methodName(proto)).isEqualTo(javaName);
    assertThat(JavaNames.grpcMethodGetter(proto)).isEqualTo(getter);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abstract",
        "assert",
        "boolean",
        "break",
        "byte",
        "case",
        "catch",
        "char",
        "class",
        "const",
        "continue",
        "default",
        "do",
        "double",
        "else",
        "enum",
        "extends",
        "final",
        "finally",
        "float",
        "for",
        "goto",
        "if",
        "implements",
        "import",
        "instanceof",
        "int",
        "interface",
        "long",
        "native",
        "new",
        "package",
        "private",
        "protected",
        "public",
        "return",
        "short",
        "static",
        "strictfp",
        "super",
        "switch",
        "synchronized",
        "this",
        "throw",
        "throws",
        "transient",
        "try",
        "void",
        "volatile",
        "while",
        "true",
        "false",
        "null",
        "_"
      })
  void methodName_reservedWord_getsUnderscore(String word) {
    assertThat(JavaNames.methodName(word)).isEqualTo(word + "_");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "var",
        "yield",
        "record",
        "sealed",
        "permits",
        "module",
        "open",
        "opens",
        "exports",
        "requires",
        "transitive",
        "to",
        "uses",
        "provides",
        "with",
        "when"
      })
  void methodName_contextualWord_staysAsItIs(String word) {
    assertThat(JavaNames.methodName(word)).isEqualTo(word);
  }

  @ParameterizedTest
  @CsvSource({
    "helloworld.proto, Helloworld",
    "a/b/foo_bar.proto, FooBar",
    "foo-bar2baz.proto, FooBar2Baz",
    "x.protodevel, X",
  })
  void outerClassName_isTheCamelCaseFileName(String fileName, String outer) {
    FileDescriptorProto file = FileDescriptorProto.newBuilder().setName(fileName).build();

    assertThat(JavaNames.outerClassName(file)).isEqualTo(outer);
  }

  @Test
  void outerClassName_conflictingWithNestedMessage_getsOuterClassSuffix() {
    FileDescriptorProto file =
        FileDescriptorProto.newBuilder()
            .setName("thing.proto")
            .addMessageType(
                DescriptorProto.newBuilder()
                    .setName("Box")
                    .addNestedType(DescriptorProto.newBuilder().setName("Thing")))
            .build();

    assertThat(JavaNames.outerClassName(file)).isEqualTo("ThingOuterClass");
  }

  @Test
  void outerClassName_option_wins() {
    FileDescriptorProto file =
        FileDescriptorProto.newBuilder()
            .setName("thing.proto")
            .setOptions(FileOptions.newBuilder().setJavaOuterClassname("Things"))
            .addMessageType(DescriptorProto.newBuilder().setName("Thing"))
            .build();

    assertThat(JavaNames.outerClassName(file)).isEqualTo("Things");
  }

  @Test
  void escape_neutralisesCommentEndTagsHtmlAndUnicodeEscapes() {
    assertThat(Javadoc.escape("a */ b /* c @d <e> & \\u0041"))
        .isEqualTo("a *&#47; b /&#42; c &#64;d &lt;e&gt; &amp; &#92;u0041");
  }
}
