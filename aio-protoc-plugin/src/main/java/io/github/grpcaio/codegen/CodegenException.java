package io.github.grpcaio.codegen;

/**
 * Input the generator refuses: a name conflict or an unsupported option. The message names the
 * proto file, and the service and method where they apply; it becomes {@code
 * CodeGeneratorResponse.error}, which protoc prints before it fails.
 */
final class CodegenException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param message what is wrong, naming the proto file, service and method
   */
  CodegenException(String message) {
    super(message);
  }
}
