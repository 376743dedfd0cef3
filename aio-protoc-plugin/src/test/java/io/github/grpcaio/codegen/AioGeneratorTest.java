package io.github.grpcaio.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.Edition;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileOptions;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceOptions;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generator on requests built here, as protoc would send them: no protoc needed. */
class AioGeneratorTest {

  private static MethodDescriptorProto method(String name, String in, String out) {
    return MethodDescriptorProto.newBuilder()
        .setName(name)
        .setInputType(in)
        .setOutputType(out)
        .build();
  }

  private static FileDescriptorProto.Builder file(String name, String pkg) {
    return FileDescriptorProto.newBuilder()
        .setName(name)
        .setPackage(pkg)
        .setSyntax("proto3")
        .addMessageType(DescriptorProto.newBuilder().setName("Req"))
        .addMessageType(DescriptorProto.newBuilder().setName("Resp"));
  }

  private static ServiceDescriptorProto.Builder service(
      String name, String pkg, String... methods) {
    ServiceDescriptorProto.Builder service = ServiceDescriptorProto.newBuilder().setName(name);
    for (String m : methods) {
      service.addMethod(method(m, "." + pkg + ".Req", "." + pkg + ".Resp"));
    }
    return service;
  }

  private static CodeGeneratorResponse generate(FileDescriptorProto... files) {
    CodeGeneratorRequest.Builder request = CodeGeneratorRequest.newBuilder();
    for (FileDescriptorProto f : files) {
      request.addProtoFile(f).addFileToGenerate(f.getName());
    }
    return AioGenerator.generate(request.build());
  }

  @Test
  void fileWithoutServices_generatesNothing_andSucceeds() {
    CodeGeneratorResponse response = generate(file("a/plain.proto", "a").build());

    assertThat(response.hasError()).isFalse();
    assertThat(response.getFileList()).isEmpty();
  }

  @Test
  void service_inJavaPackage_generatesOneFileBesideGrpcClass() {
    FileDescriptorProto f =
        file("greet.proto", "helloworld")
            .setOptions(FileOptions.newBuilder().setJavaPackage("com.example.hello"))
            .addService(service("Greeter", "helloworld", "SayHello"))
            .build();

    CodeGeneratorResponse response = generate(f);

    assertThat(response.hasError()).isFalse();
    assertThat(response.getFileList())
        .extracting(CodeGeneratorResponse.File::getName)
        .containsExactly("com/example/hello/GreeterAio.java");
    String source = response.getFile(0).getContent();
    assertThat(source)
        .contains("package com.example.hello;")
        .contains("public final class GreeterAio {")
        .contains("com.example.hello.GreeterGrpc.getSayHelloMethod()")
        // Not java_multiple_files: the messages nest in the outer class Greet.
        .contains("<com.example.hello.Greet.Req, com.example.hello.Greet.Resp>")
        .contains("public static void addGreeterServicerToServer(");
  }

  @Test
  void severalServices_noJavaPackage_multipleFiles_useProtoPackage() {
    FileDescriptorProto f =
        file("two.proto", "pkg.two")
            .setOptions(FileOptions.newBuilder().setJavaMultipleFiles(true))
            .addService(service("First", "pkg.two", "A"))
            .addService(service("Second", "pkg.two", "B"))
            .build();

    CodeGeneratorResponse response = generate(f);

    assertThat(response.getFileList())
        .extracting(CodeGeneratorResponse.File::getName)
        .containsExactly("pkg/two/FirstAio.java", "pkg/two/SecondAio.java");
    assertThat(response.getFile(0).getContent())
        .contains("UnaryUnaryMultiCallable<pkg.two.Req, pkg.two.Resp>");
  }

  @Test
  void requestStreamingMethods_takeIterableIteratorAndStream_throughPublishers() {
    MethodDescriptorProto upload =
        method("Upload", ".up.Req", ".up.Resp").toBuilder().setClientStreaming(true).build();
    MethodDescriptorProto chat =
        method("Chat", ".up.Req", ".up.Resp").toBuilder()
            .setClientStreaming(true)
            .setServerStreaming(true)
            .build();
    FileDescriptorProto f =
        file("up.proto", "up")
            .setOptions(FileOptions.newBuilder().setJavaMultipleFiles(true))
            .addService(service("Up", "up", "Get").addMethod(upload).addMethod(chat))
            .build();

    String source = generate(f).getFile(0).getContent();

    for (String name : List.of("upload", "chat")) {
      for (String[] sourceAndFactory :
          List.of(
              new String[] {"java.lang.Iterable", "fromIterable"},
              new String[] {"java.util.Iterator", "fromIterator"},
              new String[] {"java.util.stream.Stream", "fromStream"})) {
        String param = sourceAndFactory[0] + "<? extends up.Req> requests";
        String publisher = "io.github.grpcaio.Publishers." + sourceAndFactory[1] + "(requests)";
        assertThat(source)
            .contains(" " + name + "(" + param + ") {")
            .contains(" " + name + "(" + param + ", io.github.grpcaio.CallOptions options) {")
            .contains("return " + name + "Callable.call(" + publisher + ");")
            .contains("return " + name + "Callable.call(" + publisher + ", options);");
      }
    }
    // A unary method gets none of them.
    assertThat(source).doesNotContain("get(java.lang.Iterable");
  }

  @Test
  void emptyPackage_generatesInTheDefaultPackage() {
    FileDescriptorProto f =
        file("bare.proto", "").addService(service("Bare", "", "Go").clearMethod()).build();

    CodeGeneratorResponse response = generate(f);

    assertThat(response.getFile(0).getName()).isEqualTo("BareAio.java");
    assertThat(response.getFile(0).getContent()).doesNotContain("package ");
  }

  @Test
  void nestedMessages_andOuterClassName_areResolved() {
    FileDescriptorProto f =
        FileDescriptorProto.newBuilder()
            .setName("n.proto")
            .setPackage("n")
            .setOptions(FileOptions.newBuilder().setJavaOuterClassname("Wrapper"))
            .addMessageType(
                DescriptorProto.newBuilder()
                    .setName("Outer")
                    .addNestedType(
                        DescriptorProto.newBuilder()
                            .setName("Inner")
                            .addNestedType(DescriptorProto.newBuilder().setName("Deep"))))
            .addService(
                ServiceDescriptorProto.newBuilder()
                    .setName("S")
                    .addMethod(method("M", ".n.Outer.Inner", ".n.Outer.Inner.Deep")))
            .build();

    String source = generate(f).getFile(0).getContent();

    assertThat(source).contains("<n.Wrapper.Outer.Inner, n.Wrapper.Outer.Inner.Deep>");
  }

  @Test
  void keywordAndObjectMethodNames_getAnUnderscore_grpcGetterDoesNot() {
    FileDescriptorProto f =
        file("k.proto", "k").addService(service("K", "k", "Default", "class", "ToString")).build();

    String source = generate(f).getFile(0).getContent();

    // The service K takes the name K, so protoc's outer class of k.proto is KOuterClass.
    assertThat(source)
        .contains(" default_(k.KOuterClass.Req request)")
        .contains(" class_(k.KOuterClass.Req request)")
        .contains(" toString_(k.KOuterClass.Req request)")
        .contains("k.KGrpc.getDefaultMethod()")
        .contains("k.KGrpc.getClassMethod()")
        .contains("servicer::default_");
  }

  @Test
  void deprecatedServiceAndMethod_getAnnotationAndTag() {
    ServiceDescriptorProto.Builder service =
        service("Old", "d", "Gone", "Kept")
            .setOptions(ServiceOptions.newBuilder().setDeprecated(true));
    service.setMethod(
        0,
        service.getMethod(0).toBuilder()
            .setOptions(MethodOptions.newBuilder().setDeprecated(true)));
    FileDescriptorProto f = file("d.proto", "d").addService(service).build();

    String source = generate(f).getFile(0).getContent();

    assertThat(source)
        .contains(
            "@java.lang.Deprecated\n@java.lang.SuppressWarnings(\"deprecation\")\npublic final class OldAio")
        .contains("@deprecated the service is marked deprecated in d.proto")
        .contains("@deprecated the method is marked deprecated in d.proto")
        .contains(
            "    @java.lang.Deprecated\n    public io.github.grpcaio.UnaryUnaryCall<d.D.Resp> gone(");
    assertThat(source.split("@java.lang.Deprecated\n    public .* kept\\(", -1)).hasSize(1);
  }

  @Test
  void comments_becomeEscapedJavadoc() {
    FileDescriptorProto f =
        file("c.proto", "c")
            .addService(service("C", "c", "M"))
            .setSourceCodeInfo(
                SourceCodeInfo.newBuilder()
                    .addLocation(
                        SourceCodeInfo.Location.newBuilder()
                            .addAllPath(List.of(6, 0))
                            .setLeadingComments(" Ends */ here, @see <a> & \\u0041\n"))
                    .addLocation(
                        SourceCodeInfo.Location.newBuilder()
                            .addAllPath(List.of(6, 0, 2, 0))
                            .setTrailingComments(" The method.\n")))
            .build();

    String source = generate(f).getFile(0).getContent();

    assertThat(source)
        .contains(" *  Ends *&#47; here, &#64;see &lt;a&gt; &amp; &#92;u0041\n")
        .contains("     *  The method.\n")
        .doesNotContain("*/ here");
  }

  @Test
  void twoMethodsWithOneJavaName_failNamingFileServiceAndMethod() {
    FileDescriptorProto f =
        file("dup.proto", "dup").addService(service("Dup", "dup", "GetItem", "get_item")).build();

    CodeGeneratorResponse response = generate(f);

    assertThat(response.getFileList()).isEmpty();
    assertThat(response.getError())
        .isEqualTo(
            "dup.proto: service dup.Dup: method get_item: maps to the Java method name getItem,"
                + " as method GetItem does; rename one of them");
  }

  @Test
  void aioClassCollidingWithMessageClass_failsNamingFileAndService() {
    FileDescriptorProto f =
        file("col.proto", "col")
            .setOptions(FileOptions.newBuilder().setJavaMultipleFiles(true))
            .addMessageType(DescriptorProto.newBuilder().setName("ThingAio"))
            .addService(service("Thing", "col", "Get"))
            .build();

    CodeGeneratorResponse response = generate(f);

    assertThat(response.getError())
        .isEqualTo(
            "col.proto: service col.Thing: the generated class col.ThingAio collides with"
                + " col.proto: message col.ThingAio");
  }

  @Test
  void messageNamedStub_inDefaultPackage_failsBecauseTheNestedStubWouldHideIt() {
    FileDescriptorProto f =
        FileDescriptorProto.newBuilder()
            .setName("bare.proto")
            .setOptions(FileOptions.newBuilder().setJavaMultipleFiles(true))
            .addMessageType(DescriptorProto.newBuilder().setName("Stub"))
            .addService(
                ServiceDescriptorProto.newBuilder()
                    .setName("Bare")
                    .addMethod(method("Get", ".Stub", ".Stub")))
            .build();

    assertThat(generate(f).getError())
        .startsWith("bare.proto: service Bare: method Get: message type .Stub: its Java name Stub");
  }

  @Test
  void packageStartingWithAVariableName_failsNamingFileAndService() {
    FileDescriptorProto f =
        file("ch.proto", "channel.v1").addService(service("Tune", "channel.v1", "Set")).build();

    assertThat(generate(f).getError())
        .isEqualTo(
            "ch.proto: service channel.v1.Tune: the Java package channel.v1 starts with 'channel',"
                + " a variable name in the generated code; set java_package");
  }

  @Test
  void pluginOption_failsAsUnsupported() {
    CodeGeneratorRequest request =
        CodeGeneratorRequest.newBuilder()
            .setParameter("flavor=async")
            .addProtoFile(file("o.proto", "o").build())
            .addFileToGenerate("o.proto")
            .build();

    CodeGeneratorResponse response = AioGenerator.generate(request);

    assertThat(response.getError())
        .isEqualTo("unsupported option 'flavor=async': aio-protoc-plugin takes no options");
  }

  @Test
  void edition2024_failsAsUnsupported() {
    FileDescriptorProto f =
        file("e.proto", "e")
            .setSyntax("editions")
            .setEdition(Edition.EDITION_2024)
            .addService(service("E", "e", "M"))
            .build();

    CodeGeneratorResponse response = generate(f);

    assertThat(response.getError()).startsWith("e.proto: unsupported edition EDITION_2024");
  }

  @Test
  void unknownMessageType_failsNamingTheMethod() {
    FileDescriptorProto f =
        file("u.proto", "u")
            .addService(
                ServiceDescriptorProto.newBuilder()
                    .setName("U")
                    .addMethod(method("Call", ".other.Missing", ".u.Resp")))
            .build();

    assertThat(generate(f).getError())
        .isEqualTo(
            "u.proto: service u.U: method Call: message type .other.Missing is not in the request");
  }

  @Test
  void sameRequest_givesSameBytes_throughStdinAndStdout() throws Exception {
    FileDescriptorProto f =
        file("same.proto", "same").addService(service("Same", "same", "A", "B", "C")).build();
    byte[] request =
        CodeGeneratorRequest.newBuilder()
            .addProtoFile(f)
            .addFileToGenerate("same.proto")
            .build()
            .toByteArray();

    ByteArrayOutputStream first = new ByteArrayOutputStream();
    AioGenerator.run(new ByteArrayInputStream(request), first);
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    AioGenerator.run(new ByteArrayInputStream(request), second);

    assertThat(first.toByteArray()).isEqualTo(second.toByteArray());
    CodeGeneratorResponse response = CodeGeneratorResponse.parseFrom(first.toByteArray());
    assertThat(response.getSupportedFeatures() & 1).isEqualTo(1); // proto3 optional
    assertThat(response.getFile(0).getContent()).contains("handlers.put(\"A\"");
  }
}
