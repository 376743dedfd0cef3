package io.github.grpcaio.codegen;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.Edition;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The protoc plugin: reads a {@code CodeGeneratorRequest} from standard input and writes a {@code
 * CodeGeneratorResponse} with one {@code XxxAio.java} per service to standard output.
 *
 * <p>Bad input does not throw: it becomes {@code CodeGeneratorResponse.error}, which protoc prints
 * (prefixed with the plugin's name) before it exits with a failure.
 */
public final class AioGenerator {

  private AioGenerator() {}

  /**
   * Runs the plugin, as protoc does: request on stdin, response on stdout.
   *
   * @param args ignored; options come in the request's parameter
   * @throws IOException if stdin cannot be read or stdout written
   */
  public static void main(String[] args) throws IOException {
    run(System.in, System.out);
  }

  /**
   * Reads one request from {@code in} and writes the response to {@code out}.
   *
   * @param in the serialized {@code CodeGeneratorRequest}
   * @param out where the serialized {@code CodeGeneratorResponse} goes; flushed, not closed
   * @throws IOException if reading or writing fails
   */
  public static void run(InputStream in, OutputStream out) throws IOException {
    CodeGeneratorRequest request = CodeGeneratorRequest.parseFrom(in);
    generate(request).writeTo(out);
    out.flush();
  }

  /**
   * Generates the sources for the request's files to generate. A file without services generates
   * nothing.
   *
   * @param request what protoc sends
   * @return the files, or an error naming the proto file, service and method at fault
   */
  public static CodeGeneratorResponse generate(CodeGeneratorRequest request) {
    CodeGeneratorResponse.Builder response =
        CodeGeneratorResponse.newBuilder()
            .setSupportedFeatures(
                CodeGeneratorResponse.Feature.FEATURE_PROTO3_OPTIONAL_VALUE
                    | CodeGeneratorResponse.Feature.FEATURE_SUPPORTS_EDITIONS_VALUE)
            .setMinimumEdition(Edition.EDITION_PROTO2_VALUE)
            .setMaximumEdition(Edition.EDITION_2023_VALUE);
    try {
      checkParameter(request.getParameter());
      Map<String, FileDescriptorProto> files = new HashMap<>();
      for (FileDescriptorProto file : request.getProtoFileList()) {
        files.put(file.getName(), file);
      }
      TypeNames types = new TypeNames(request.getProtoFileList());
      Map<String, String> classOwners = topLevelClasses(request.getProtoFileList());
      for (String name : request.getFileToGenerateList()) {
        FileDescriptorProto file = files.get(name);
        if (file == null) {
          throw new CodegenException(name + ": not among the request's proto files");
        }
        checkFile(file);
        for (int i = 0; i < file.getServiceCount(); i++) {
          ServiceDescriptorProto service = file.getService(i);
          String aioClass =
              JavaNames.qualify(JavaNames.javaPackage(file), service.getName() + "Aio");
          String owner = classOwners.putIfAbsent(aioClass, describe(file, service));
          if (owner != null) {
            throw new CodegenException(
                describe(file, service)
                    + ": the generated class "
                    + aioClass
                    + " collides with "
                    + owner);
          }
          ServiceWriter writer = new ServiceWriter(file, i, types);
          response.addFile(
              CodeGeneratorResponse.File.newBuilder()
                  .setName(aioClass.replace('.', '/') + ".java")
                  .setContent(writer.write()));
        }
      }
    } catch (CodegenException e) {
      return CodeGeneratorResponse.newBuilder()
          .setSupportedFeatures(response.getSupportedFeatures())
          .setMinimumEdition(response.getMinimumEdition())
          .setMaximumEdition(response.getMaximumEdition())
          .setError(e.getMessage())
          .build();
    }
    return response.build();
  }

  /** The plugin takes no options yet: anything in the parameter is a mistake worth reporting. */
  private static void checkParameter(String parameter) throws CodegenException {
    if (!parameter.isBlank()) {
      throw new CodegenException(
          "unsupported option '" + parameter + "': aio-protoc-plugin takes no options");
    }
  }

  private static void checkFile(FileDescriptorProto file) throws CodegenException {
    if (file.getSyntax().equals("editions")
        && file.getEdition().getNumber() > Edition.EDITION_2023_VALUE) {
      throw new CodegenException(
          file.getName()
              + ": unsupported edition "
              + file.getEdition()
              + " (its Java class names differ; proto2, proto3 and edition 2023 are supported)");
    }
  }

  /**
   * Every top-level Java class the request's files make, by qualified name, with who makes it: the
   * outer classes, the top-level messages and enums of {@code java_multiple_files} files, and
   * grpc-java's {@code XxxGrpc} classes.
   */
  private static Map<String, String> topLevelClasses(List<FileDescriptorProto> files) {
    Map<String, String> owners = new HashMap<>();
    for (FileDescriptorProto file : files) {
      String pkg = JavaNames.javaPackage(file);
      owners.putIfAbsent(
          JavaNames.qualify(pkg, JavaNames.outerClassName(file)),
          file.getName() + ": the outer class of the file");
      if (JavaNames.multipleFiles(file)) {
        for (DescriptorProto message : file.getMessageTypeList()) {
          owners.putIfAbsent(
              JavaNames.qualify(pkg, message.getName()),
              file.getName() + ": message " + fullName(file, message.getName()));
        }
        for (EnumDescriptorProto e : file.getEnumTypeList()) {
          owners.putIfAbsent(
              JavaNames.qualify(pkg, e.getName()),
              file.getName() + ": enum " + fullName(file, e.getName()));
        }
      }
      for (ServiceDescriptorProto service : file.getServiceList()) {
        owners.putIfAbsent(
            JavaNames.qualify(pkg, service.getName() + "Grpc"),
            describe(file, service) + ": grpc-java's " + service.getName() + "Grpc");
      }
    }
    return owners;
  }

  /**
   * Returns the full proto name of a top-level element of a file.
   *
   * @param file the file
   * @param name the element's simple name
   * @return {@code package.name}, or {@code name} in a file without package
   */
  static String fullName(FileDescriptorProto file, String name) {
    return file.getPackage().isEmpty() ? name : file.getPackage() + "." + name;
  }

  /**
   * Names a service for error messages.
   *
   * @param file the service's file
   * @param service the service
   * @return {@code "file.proto: service pkg.Name"}
   */
  static String describe(FileDescriptorProto file, ServiceDescriptorProto service) {
    return file.getName() + ": service " + fullName(file, service.getName());
  }

  /**
   * Names a method for error messages.
   *
   * @param file the service's file
   * @param service the service
   * @param method the method
   * @return {@code "file.proto: service pkg.Name: method Method"}
   */
  static String describe(
      FileDescriptorProto file, ServiceDescriptorProto service, MethodDescriptorProto method) {
    return describe(file, service) + ": method " + method.getName();
  }
}
